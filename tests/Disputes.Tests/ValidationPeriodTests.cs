using System.Globalization;
using Collections.Disputes.Domain;

namespace Collections.Disputes.Tests;

public sealed class ValidationPeriodTests
{
    [Theory]
    // Plain week: five weekdays later, then 30 calendar days.
    [InlineData("2026-03-04", "2026-03-11", "2026-04-10")]
    // Sent on a Friday: the weekend is skipped; the end falls on a Sunday and is not extended.
    [InlineData("2026-03-06", "2026-03-13", "2026-04-12")]
    // Sent on a Saturday: counting starts on Monday.
    [InlineData("2026-03-07", "2026-03-13", "2026-04-12")]
    public void Receipt_skips_weekends(string sent, string receipt, string end) => AssertPeriod(sent, receipt, end);

    [Fact]
    public void Independence_day_on_a_Saturday_is_skipped_on_the_Friday_it_is_observed() =>
        AssertPeriod("2026-06-30", "2026-07-08", "2026-08-07");

    [Fact]
    public void Christmas_on_a_Sunday_is_skipped_on_the_Monday_it_is_observed() =>
        AssertPeriod("2022-12-22", "2022-12-30", "2023-01-29");

    [Fact]
    public void Thanksgiving_is_skipped() => AssertPeriod("2026-11-23", "2026-12-01", "2026-12-31");

    [Fact]
    public void Christmas_on_a_Friday_is_skipped() => AssertPeriod("2026-12-21", "2026-12-29", "2027-01-28");

    [Fact]
    public void New_years_day_on_a_Saturday_is_observed_on_December_31_of_the_year_before() =>
        AssertPeriod("2027-12-28", "2028-01-05", "2028-02-04");

    [Fact]
    public void Juneteenth_is_skipped() => AssertPeriod("2026-06-16", "2026-06-24", "2026-07-24");

    [Fact]
    public void Juneteenth_on_a_Saturday_is_skipped_on_the_Friday_it_is_observed() =>
        AssertPeriod("2027-06-16", "2027-06-24", "2027-07-24");

    [Fact]
    public void The_federal_holidays_of_2026_are_computed_with_their_observed_dates()
    {
        string[] expected =
        [
            "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
            "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
        ];

        Assert.Equal(expected.Select(Day), FederalHolidays.ObservedIn(2026));
    }

    [Fact]
    public void A_day_after_the_end_is_outside_the_period()
    {
        var period = ValidationPeriod.From(new DateOnly(2026, 3, 4));

        Assert.True(period.Includes(new DateOnly(2026, 4, 10)));
        Assert.False(period.Includes(new DateOnly(2026, 4, 11)));
    }

    private static void AssertPeriod(string sent, string receipt, string end)
    {
        var period = ValidationPeriod.From(Day(sent));

        Assert.Equal(Day(receipt), period.AssumedReceiptOn);
        Assert.Equal(Day(end), period.EndsOn);
    }

    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
