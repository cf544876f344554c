using Collections.Payments.Domain;
using CsCheck;

namespace Collections.Payments.Tests;

public sealed class InstalmentScheduleTests
{
    private static readonly Gen<string> Currency = Gen.OneOf("USD", "EUR", "JPY", "KWD");

    private static readonly Gen<PlanFrequency> Frequency = Gen.Enum<PlanFrequency>();

    private static readonly Gen<DateOnly> FirstDueDate = Gen.Int[0, 3000].Select(days => new DateOnly(2025, 1, 1).AddDays(days));

    /// <summary>A total in whole minor units that gives each of the instalments at least one, with the count.</summary>
    private static readonly Gen<(string Currency, int Count, decimal Total)> Plan =
        from currency in Currency
        from count in Gen.Int[1, 120]
        from minorUnits in Gen.Long[count, 100_000_000_000L]
        select (currency, count, minorUnits * Currencies.MinorUnit(currency));

    [Fact]
    public void Instalments_always_sum_exactly_to_the_total_and_are_positive()
    {
        Gen.Select(Plan, Frequency, FirstDueDate).Sample((plan, frequency, first) =>
        {
            var schedule = InstalmentSchedule.Build(plan.Total, plan.Currency, plan.Count, frequency, first);

            Assert.Equal(plan.Count, schedule.Count);
            Assert.Equal(plan.Total, schedule.Sum(i => i.Amount));
            Assert.All(schedule, i => Assert.True(i.Amount > 0m));
            Assert.All(schedule, i => Assert.Equal(decimal.Round(i.Amount, Currencies.MinorUnits(plan.Currency)), i.Amount));
        });
    }

    [Fact]
    public void All_but_the_last_instalment_are_equal_and_the_last_absorbs_less_than_one_minor_unit_per_instalment()
    {
        Gen.Select(Plan, Frequency, FirstDueDate).Sample((plan, frequency, first) =>
        {
            var schedule = InstalmentSchedule.Build(plan.Total, plan.Currency, plan.Count, frequency, first);
            var equal = schedule[0].Amount;

            Assert.All(schedule.SkipLast(1), i => Assert.Equal(equal, i.Amount));
            var rounding = schedule[^1].Amount - equal;
            Assert.InRange(rounding, 0m, (plan.Count - 1) * Currencies.MinorUnit(plan.Currency));
            Assert.True(equal * plan.Count <= plan.Total);
        });
    }

    [Fact]
    public void Due_dates_are_strictly_increasing_from_the_first()
    {
        Gen.Select(Plan, Frequency, FirstDueDate).Sample((plan, frequency, first) =>
        {
            var schedule = InstalmentSchedule.Build(plan.Total, plan.Currency, plan.Count, frequency, first);

            Assert.Equal(first, schedule[0].DueDate);
            Assert.All(schedule.Zip(schedule.Skip(1)), pair => Assert.True(pair.First.DueDate < pair.Second.DueDate));
        });
    }

    [Fact]
    public void A_hundred_dollars_in_three_is_33_33_twice_and_33_34()
    {
        var schedule = InstalmentSchedule.Build(100m, "USD", 3, PlanFrequency.Monthly, new DateOnly(2026, 12, 1));

        Assert.Equal([33.33m, 33.33m, 33.34m], schedule.Select(i => i.Amount));
    }

    [Fact]
    public void Yen_are_split_in_whole_yen()
    {
        var schedule = InstalmentSchedule.Build(1000m, "JPY", 3, PlanFrequency.Weekly, new DateOnly(2026, 12, 1));

        Assert.Equal([333m, 333m, 334m], schedule.Select(i => i.Amount));
    }

    [Fact]
    public void A_total_smaller_than_one_minor_unit_per_instalment_cannot_be_split()
    {
        Assert.False(InstalmentSchedule.CanSplit(0.02m, "USD", 3));
        Assert.False(InstalmentSchedule.CanSplit(10.005m, "USD", 3));
        Assert.True(InstalmentSchedule.CanSplit(0.03m, "USD", 3));
        Assert.Throws<ArgumentException>(() => InstalmentSchedule.Build(0.02m, "USD", 3, PlanFrequency.Weekly, new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void Weekly_instalments_fall_every_seven_days()
    {
        var schedule = InstalmentSchedule.Build(40m, "USD", 4, PlanFrequency.Weekly, new DateOnly(2026, 12, 24));

        Assert.Equal(
            [new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 7), new DateOnly(2027, 1, 14)],
            schedule.Select(i => i.DueDate));
    }

    [Fact]
    public void Biweekly_instalments_fall_every_fourteen_days()
    {
        var schedule = InstalmentSchedule.Build(30m, "USD", 3, PlanFrequency.Biweekly, new DateOnly(2027, 2, 20));

        Assert.Equal([new DateOnly(2027, 2, 20), new DateOnly(2027, 3, 6), new DateOnly(2027, 3, 20)], schedule.Select(i => i.DueDate));
    }

    [Fact]
    public void Monthly_instalments_from_the_31st_fall_on_the_last_day_of_shorter_months_and_return_to_the_31st()
    {
        var schedule = InstalmentSchedule.Build(50m, "USD", 5, PlanFrequency.Monthly, new DateOnly(2027, 12, 31));

        Assert.Equal(
            [new DateOnly(2027, 12, 31), new DateOnly(2028, 1, 31), new DateOnly(2028, 2, 29), new DateOnly(2028, 3, 31), new DateOnly(2028, 4, 30)],
            schedule.Select(i => i.DueDate));
    }

    [Theory]
    [InlineData(29, 2027, 28)]
    [InlineData(30, 2027, 28)]
    [InlineData(29, 2028, 29)]
    [InlineData(30, 2028, 29)]
    public void Monthly_instalments_from_the_29th_or_30th_clamp_to_the_end_of_february(int day, int year, int februaryDay)
    {
        var schedule = InstalmentSchedule.Build(30m, "USD", 3, PlanFrequency.Monthly, new DateOnly(year, 1, day));

        Assert.Equal([new DateOnly(year, 1, day), new DateOnly(year, 2, februaryDay), new DateOnly(year, 3, day)], schedule.Select(i => i.DueDate));
    }

    [Theory]
    [InlineData(1000, 950, SettlementApprover.Agent)]
    [InlineData(1000, 900, SettlementApprover.Agent)]
    [InlineData(1000, 899.99, SettlementApprover.Supervisor)]
    [InlineData(1000, 750, SettlementApprover.Supervisor)]
    [InlineData(1000, 749.99, SettlementApprover.Client)]
    [InlineData(333.33, 300, SettlementApprover.Agent)]
    public void A_settlement_needs_the_authority_its_discount_needs(double balance, double amount, SettlementApprover expected)
    {
        var limits = new SettlementLimits(AgentDiscountPercent: 10m, SupervisorDiscountPercent: 25m);

        Assert.Equal(expected, limits.ApproverFor((decimal)balance, (decimal)amount));
    }
}
