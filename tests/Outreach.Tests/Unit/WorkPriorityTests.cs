using Collections.Outreach.Domain;

namespace Collections.Outreach.Tests.Unit;

public sealed class WorkPriorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Priority_is_score_times_balance_times_hours_since_last_contact() =>
        Assert.Equal(800 * 1500.0 * 36, WorkPriority.Of(800, 1500m, Now.AddHours(-36), Now.AddDays(-90), Now), 6);

    [Fact]
    public void An_account_never_contacted_counts_from_its_placement() =>
        Assert.Equal(500 * 100.0 * 48, WorkPriority.Of(500, 100m, null, Now.AddHours(-48), Now), 6);

    [Fact]
    public void An_unscored_account_counts_as_the_middle_of_the_scale() =>
        Assert.Equal(WorkPriority.Of(WorkPriority.UnscoredScore, 100m, Now.AddHours(-5), Now, Now), WorkPriority.Of(null, 100m, Now.AddHours(-5), Now, Now));

    [Fact]
    public void Waiting_counts_at_least_one_hour_and_at_most_thirty_days()
    {
        Assert.Equal(WorkPriority.Of(500, 100m, Now.AddMinutes(-5), Now, Now), WorkPriority.Of(500, 100m, Now.AddHours(-1), Now, Now));
        Assert.Equal(WorkPriority.Of(500, 100m, Now.AddDays(-30), Now, Now), WorkPriority.Of(500, 100m, Now.AddDays(-400), Now, Now));
    }

    [Fact]
    public void A_credit_balance_gives_no_priority() =>
        Assert.Equal(0, WorkPriority.Of(900, -50m, Now.AddDays(-3), Now, Now));

    [Fact]
    public void A_high_balance_long_untouched_account_outranks_a_recently_called_one() =>
        Assert.True(WorkPriority.Of(400, 5000m, Now.AddDays(6), Now.AddDays(-60), Now.AddDays(12))
            > WorkPriority.Of(900, 5000m, Now.AddDays(11), Now.AddDays(-60), Now.AddDays(12)));
}
