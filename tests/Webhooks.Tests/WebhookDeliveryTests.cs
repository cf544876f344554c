using Collections.Gateway.Webhooks;

namespace Collections.Webhooks.Tests;

/// <summary>The life of a delivery, without a database: attempts, retries, giving up, replays.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly WebhookRetrySchedule schedule = WebhookRetrySchedule.From(new WebhookOptions());

    [Fact]
    public void A_2xx_answer_delivers()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(Start, Start.AddMilliseconds(120), 204, null, schedule, 0.5);

        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal((1, 204, 120), (attempt.Number, attempt.StatusCode, attempt.DurationMs));
    }

    [Fact]
    public void A_failed_attempt_is_logged_and_retried_after_the_first_delay()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(Start, Start, null, "Connection refused", schedule, 0.5);

        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Start.AddSeconds(10), delivery.NextAttemptAt);
        Assert.Equal("Connection refused", Assert.Single(delivery.Attempts).Error);
    }

    [Fact]
    public void A_delivery_failing_for_a_day_fails()
    {
        var delivery = NewDelivery();
        var now = Start;
        while (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            delivery.RecordAttempt(now, now, 500, null, schedule, 0.5);
            now = delivery.NextAttemptAt ?? now;
        }

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.InRange(delivery.Attempts[^1].AttemptedAt - Start, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Equal(Enumerable.Range(1, delivery.AttemptCount), delivery.Attempts.Select(a => a.Number));
    }

    [Fact]
    public void A_replay_queues_the_delivery_again_with_a_fresh_window_and_keeps_the_log()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Start, Start, 200, null, schedule, 0.5);
        var later = Start.AddDays(3);

        delivery.Replay(later);
        delivery.RecordAttempt(later, later, 503, null, schedule, 0.5);

        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(later.AddSeconds(10), delivery.NextAttemptAt);
        Assert.Equal([1, 2], delivery.Attempts.Select(a => a.Number));
    }

    private static WebhookDelivery NewDelivery()
    {
        var webhookEvent = new WebhookEvent(Guid.NewGuid(), WebhookEventTypes.AccountPlaced, Start, Guid.NewGuid(), Guid.NewGuid(), new { });
        return WebhookDelivery.Queue(webhookEvent, Guid.NewGuid(), webhookEvent.ToBody(), Start);
    }
}
