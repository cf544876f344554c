namespace Collections.Disputes.Domain;

/// <summary>
/// The validation period of Regulation F (12 CFR 1006.34(b)(5)): the collector may assume the consumer
/// received the validation information on any date at least five days after sending it, excluding
/// Saturdays, Sundays and federal holidays; the period ends 30 days after that receipt.
/// </summary>
/// <param name="SentOn">The day the validation information was sent.</param>
/// <param name="AssumedReceiptOn">The fifth business day after <paramref name="SentOn"/>.</param>
/// <param name="EndsOn">The last day of the period: receipt plus 30 calendar days.</param>
public sealed record ValidationPeriod(DateOnly SentOn, DateOnly AssumedReceiptOn, DateOnly EndsOn)
{
    /// <summary>Business days between sending and assumed receipt.</summary>
    public const int ReceiptBusinessDays = 5;

    /// <summary>Calendar days from receipt to the end of the period.</summary>
    public const int DaysToDispute = 30;

    /// <summary>
    /// The period for validation information sent on <paramref name="sentOn"/>. The end date is kept as
    /// computed even when it falls on a weekend or holiday: Regulation F does not extend it, and a later
    /// date would have to be chosen (and shown) by the tenant as a voluntary extension.
    /// </summary>
    public static ValidationPeriod From(DateOnly sentOn)
    {
        var receipt = sentOn;
        var counted = 0;
        while (counted < ReceiptBusinessDays)
        {
            receipt = receipt.AddDays(1);
            if (IsBusinessDay(receipt))
            {
                counted++;
            }
        }

        return new ValidationPeriod(sentOn, receipt, receipt.AddDays(DaysToDispute));
    }

    /// <summary>Whether <paramref name="day"/> is on or before the last day of the period.</summary>
    public bool Includes(DateOnly day) => day <= EndsOn;

    private static bool IsBusinessDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !FederalHolidays.IsObservedHoliday(day);
}
