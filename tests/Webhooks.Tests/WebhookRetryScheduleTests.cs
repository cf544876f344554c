using Collections.Gateway.Webhooks;

namespace Collections.Webhooks.Tests;

public sealed class WebhookRetryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly WebhookRetrySchedule schedule = WebhookRetrySchedule.From(new WebhookOptions());

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 30)]
    [InlineData(3, 90)]
    [InlineData(4, 270)]
    [InlineData(5, 810)]
    [InlineData(6, 2430)]
    [InlineData(7, 3600)]
    [InlineData(30, 3600)]
    [InlineData(5000, 3600)]
    public void Delays_triple_from_ten_seconds_and_are_capped_at_an_hour(int consecutiveFailures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule.DelayAfter(consecutiveFailures));

    [Theory]
    [InlineData(0.0, 8)]
    [InlineData(0.5, 10)]
    [InlineData(0.9999999, 12)]
    public void Jitter_spreads_a_delay_by_up_to_twenty_percent(double sample, int seconds)
    {
        var next = schedule.NextAttemptAt(Start, Start, 1, sample);

        Assert.Equal(TimeSpan.FromSeconds(seconds).TotalSeconds, (next!.Value - Start).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Jitter_never_takes_a_delay_past_the_cap()
    {
        var next = schedule.NextAttemptAt(Start, Start, 10, 0.9999999);

        Assert.Equal(Start + TimeSpan.FromHours(1), next);
    }

    [Fact]
    public void A_retry_that_would_fall_after_the_day_long_window_gives_up()
    {
        var failedAt = Start + TimeSpan.FromHours(23.5);

        Assert.Null(schedule.NextAttemptAt(Start, failedAt, 12, 0.5));
    }

    [Fact]
    public void A_retry_inside_the_window_is_scheduled()
    {
        var failedAt = Start + TimeSpan.FromHours(22);

        Assert.Equal(failedAt + TimeSpan.FromHours(1), schedule.NextAttemptAt(Start, failedAt, 12, 0.5));
    }

    [Fact]
    public void Configured_delays_drive_the_schedule()
    {
        var fast = WebhookRetrySchedule.From(new WebhookOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1) });

        Assert.Equal([100, 300, 900, 1000], [.. Enumerable.Range(1, 4).Select(n => fast.DelayAfter(n).TotalMilliseconds)]);
    }
}
