namespace Collections.Outreach.Compliance.Tests;

public class ConsumerInconvenientTimeTests
{
    // June 8, 2026 is a Monday.
    private static ContactContext Consumer(params InconvenientTime[] times) => new()
    {
        Jurisdiction = "NY",
        TimeZones = [Given.NewYork],
        InconvenientTimes = times,
    };

    private static readonly InconvenientTime MondayWorkingHours = new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0));

    [Fact]
    public void A_time_the_consumer_called_inconvenient_is_blocked_until_it_ends()
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 8, 12)), Consumer(MondayWorkingHours));

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(BlockReasonCodes.ConsumerInconvenientTime, reason.Code);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 17), decision.EarliestAllowedAt);
    }

    [Theory]
    [InlineData(8, 8, 59, true)]
    [InlineData(8, 9, 0, false)]
    [InlineData(8, 16, 59, false)]
    [InlineData(8, 17, 0, true)]
    [InlineData(9, 12, 0, true)] // Tuesday
    public void The_window_starts_inclusive_and_ends_exclusive(int day, int hour, int minute, bool allowed)
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, day, hour, minute)), Consumer(MondayWorkingHours));

        Assert.Equal(allowed, decision.IsAllowed);
    }

    [Fact]
    public void A_window_ending_before_it_starts_runs_past_midnight()
    {
        var fridayNight = new InconvenientTime(DayOfWeek.Friday, new TimeOnly(20, 0), new TimeOnly(10, 0));

        var saturdayMorning = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 13, 9)), Consumer(fridayNight));
        var fridayEvening = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 12, 20, 30)), Consumer(fridayNight));

        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 13, 10), saturdayMorning.EarliestAllowedAt);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 13, 10), fridayEvening.EarliestAllowedAt);
    }

    [Fact]
    public void Back_to_back_windows_are_waited_out_together()
    {
        var morning = new InconvenientTime(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0));
        var afternoon = new InconvenientTime(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(15, 0));

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 8, 10)), Consumer(morning, afternoon));

        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 15), decision.EarliestAllowedAt);
    }

    [Fact]
    public void A_week_of_inconvenient_days_leaves_no_earliest_instant()
    {
        var everyDay = Enum.GetValues<DayOfWeek>().Select(day => new InconvenientTime(day, new TimeOnly(0, 0), new TimeOnly(0, 0))).ToArray();

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 8, 12)), Consumer(everyDay));

        Assert.True(decision.IsBlockedBy(BlockReasonCodes.ConsumerInconvenientTime));
        Assert.Null(decision.EarliestAllowedAt);
    }

    [Fact]
    public void The_consumer_times_are_read_in_every_zone_they_may_be_in()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork, Given.LosAngeles],
            InconvenientTimes = [MondayWorkingHours],
        };

        // 18:00 in New York is after the window there, but 15:00 in Los Angeles is inside it.
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 8, 18)), context);

        Assert.Equal(Given.Local(Given.LosAngeles, 2026, 6, 8, 17), decision.EarliestAllowedAt);
    }

    [Fact]
    public void Letters_ignore_the_consumer_times()
    {
        Assert.True(Given.Decide(ContactRequest.Letter(Given.Local(Given.NewYork, 2026, 6, 8, 12)), Consumer(MondayWorkingHours)).IsAllowed);
    }
}
