namespace Collections.Disputes.Domain;

/// <summary>
/// The eleven US federal holidays (5 U.S.C. 6103), computed per year, with the dates they are observed:
/// a holiday on a Saturday is observed the Friday before, one on a Sunday the Monday after.
/// </summary>
public static class FederalHolidays
{
    /// <summary>The observed dates of the federal holidays of <paramref name="year"/>.</summary>
    public static IReadOnlyList<DateOnly> ObservedIn(int year) =>
    [
        Observed(new DateOnly(year, 1, 1)), // New Year's Day
        Nth(year, 1, DayOfWeek.Monday, 3), // Birthday of Martin Luther King, Jr.
        Nth(year, 2, DayOfWeek.Monday, 3), // Washington's Birthday
        Last(year, 5, DayOfWeek.Monday), // Memorial Day
        Observed(new DateOnly(year, 6, 19)), // Juneteenth National Independence Day
        Observed(new DateOnly(year, 7, 4)), // Independence Day
        Nth(year, 9, DayOfWeek.Monday, 1), // Labor Day
        Nth(year, 10, DayOfWeek.Monday, 2), // Columbus Day
        Observed(new DateOnly(year, 11, 11)), // Veterans Day
        Nth(year, 11, DayOfWeek.Thursday, 4), // Thanksgiving Day
        Observed(new DateOnly(year, 12, 25)), // Christmas Day
    ];

    /// <summary>
    /// Whether <paramref name="date"/> is an observed federal holiday. Looks at the next year too, because
    /// a New Year's Day on a Saturday is observed on December 31 of the year before.
    /// </summary>
    public static bool IsObservedHoliday(DateOnly date) =>
        ObservedIn(date.Year).Contains(date) || (date is { Month: 12, Day: 31 } && ObservedIn(date.Year + 1).Contains(date));

    private static DateOnly Observed(DateOnly holiday) => holiday.DayOfWeek switch
    {
        DayOfWeek.Saturday => holiday.AddDays(-1),
        DayOfWeek.Sunday => holiday.AddDays(1),
        _ => holiday,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly Last(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-offset);
    }
}
