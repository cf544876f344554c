using Collections.BuildingBlocks.Tenancy;

namespace Collections.Outreach.Domain;

/// <summary>
/// A consumer's promise to pay an amount by a date in their local calendar. Payments posted while it is open count
/// toward it: once they reach the amount before <see cref="BreaksAt"/> it is kept; at <see cref="BreaksAt"/>
/// (the end of the due date plus the grace days in the consumer's zone) an open promise is broken.
/// </summary>
public sealed class PromiseToPay : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }

    public Guid ClientId { get; set; }

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>The consumer's local date by which the payment is due.</summary>
    public DateOnly DueDate { get; set; }

    /// <summary>The first instant at which the promise counts as broken if still unpaid.</summary>
    public DateTimeOffset BreaksAt { get; set; }

    /// <summary>"card", "ach", "check" or "other".</summary>
    public string PaymentChannel { get; set; } = "";

    public string RecordedBy { get; set; } = "";

    /// <summary>The attempt during which the promise was made, if any.</summary>
    public Guid? AttemptId { get; set; }

    public DateTimeOffset MadeAt { get; set; }

    public PromiseStatus Status { get; set; }

    /// <summary>What the counted payments add up to, reversals deducted.</summary>
    public decimal AmountPaid { get; set; }

    /// <summary>The payments counted toward the promise, so a reversal takes back exactly what it counted.</summary>
    public List<PromisePayment> Payments { get; set; } = [];

    /// <summary>When it was kept or broken.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>
    /// The instant a promise due on <paramref name="dueDate"/> breaks: the start of the day after the grace days in
    /// the consumer's zone. With several zones the latest counts, so the consumer keeps every hour of their day.
    /// </summary>
    public static DateTimeOffset BreakingPoint(DateOnly dueDate, int graceDays, IReadOnlyCollection<string> timeZones)
    {
        var firstLateDay = dueDate.AddDays(graceDays + 1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var zones = timeZones.Count == 0 ? [TimeZoneInfo.Utc] : timeZones.Select(TimeZoneInfo.FindSystemTimeZoneById);
        return zones.Max(zone => new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(StartOfDay(firstLateDay, zone), zone), TimeSpan.Zero));
    }

    /// <summary>Counts a posted payment; true when it makes the promise kept.</summary>
    public bool Count(Guid paymentId, decimal amount, string currency, DateTimeOffset postedAt)
    {
        if (Status != PromiseStatus.Open || !string.Equals(currency, Currency, StringComparison.OrdinalIgnoreCase) || Payments.Any(p => p.PaymentId == paymentId))
        {
            return false;
        }

        Payments.Add(new PromisePayment { PaymentId = paymentId, Amount = amount });
        AmountPaid += amount;
        if (AmountPaid >= Amount && postedAt < BreaksAt)
        {
            Status = PromiseStatus.Kept;
            ResolvedAt = postedAt;
            return true;
        }

        return false;
    }

    /// <summary>Takes back a reversed payment from an open promise (a kept promise stays kept: it was kept when due).</summary>
    public void Reverse(Guid paymentId)
    {
        var payment = Payments.FirstOrDefault(p => p.PaymentId == paymentId);
        if (Status != PromiseStatus.Open || payment is null)
        {
            return;
        }

        Payments.Remove(payment);
        AmountPaid -= payment.Amount;
    }

    /// <summary>Breaks the promise if it is open and its breaking point has come; true when it did.</summary>
    public bool BreakIfDue(DateTimeOffset now)
    {
        if (Status != PromiseStatus.Open || now < BreaksAt)
        {
            return false;
        }

        Status = PromiseStatus.Broken;
        ResolvedAt = now;
        return true;
    }

    // Midnight may not exist on a DST change day in some zones; the day then starts at the first valid instant.
    private static DateTime StartOfDay(DateTime day, TimeZoneInfo zone)
    {
        var start = day;
        while (zone.IsInvalidTime(start))
        {
            start = start.AddMinutes(30);
        }

        return start;
    }
}

/// <summary>A payment counted toward a promise.</summary>
public sealed class PromisePayment
{
    public Guid PaymentId { get; set; }

    public decimal Amount { get; set; }
}

public enum PromiseStatus
{
    Open,
    Kept,
    Broken,
}
