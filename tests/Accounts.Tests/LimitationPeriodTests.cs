using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;

namespace Collections.Accounts.Tests;

public sealed class LimitationPeriodTests
{
    private static readonly LimitationPeriods Periods = new(LimitationPeriodsData.Seed);
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly DateOnly ChargeOff = new(2021, 6, 1);

    [Theory]
    [InlineData("NY", "2024-06-01")]
    [InlineData("TX", "2025-06-01")]
    [InlineData("CA", "2025-06-01")]
    [InlineData("FL", "2026-06-01")]
    [InlineData("MA", "2027-06-01")]
    [InlineData("WY", "2024-06-01")]
    public void The_debt_is_time_barred_the_jurisdictions_years_after_charge_off(string jurisdiction, string barredAt) =>
        Assert.Equal(DateOnly.Parse(barredAt, System.Globalization.CultureInfo.InvariantCulture), Periods.For(jurisdiction, Today)!.TimeBarredAt(null, ChargeOff, null));

    [Fact]
    public void A_later_payment_restarts_the_clock_where_the_state_says_so()
    {
        var lastPayment = new DateOnly(2024, 3, 1);

        Assert.Equal(new DateOnly(2029, 3, 1), Periods.For("FL", Today)!.TimeBarredAt(null, ChargeOff, lastPayment));
    }

    [Fact]
    public void A_later_payment_does_not_restart_the_clock_in_new_york()
    {
        var lastPayment = new DateOnly(2024, 3, 1);

        Assert.Equal(new DateOnly(2024, 6, 1), Periods.For("NY", Today)!.TimeBarredAt(null, ChargeOff, lastPayment));
    }

    [Fact]
    public void New_york_used_six_years_before_the_consumer_credit_fairness_act() =>
        Assert.Equal(6, Periods.For("NY", new DateOnly(2021, 1, 1))!.Years);

    [Fact]
    public void Without_a_charge_off_the_delinquency_date_starts_the_clock() =>
        Assert.Equal(new DateOnly(2024, 1, 1), Periods.For("TX", Today)!.TimeBarredAt(new DateOnly(2020, 1, 1), null, null));

    [Fact]
    public void Without_any_date_the_clock_has_not_started() =>
        Assert.Null(Periods.For("TX", Today)!.TimeBarredAt(null, null, null));
}
