using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>Whether a statement line carries a payment in or a reversal out.</summary>
public enum StatementLineKind
{
    Payment,
    Reversal,
}

/// <summary>
/// What the agency remits to a client for a period: every payment posted and every reversal made up to
/// the end of the period that no earlier statement carried, with the fee split each used, and the net
/// due. Numbered per tenant and immutable once issued: nothing in it has a setter outside
/// <see cref="Issue"/>, and later reversals of its payments go into the next statement as deductions.
/// </summary>
public sealed class RemittanceStatement : ITenantOwned
{
    private readonly List<StatementLine> lines = [];

    private RemittanceStatement()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    /// <summary>Sequential per tenant, from 1.</summary>
    public long Number { get; private set; }

    public string Currency { get; private set; } = "";

    /// <summary>First day of the period in <see cref="TimeZone"/>.</summary>
    public DateOnly PeriodStart { get; private set; }

    /// <summary>Last day of the period in <see cref="TimeZone"/>, inclusive.</summary>
    public DateOnly PeriodEnd { get; private set; }

    /// <summary>The IANA zone the period's days are counted in ("UTC" unless staff chose the tenant's zone).</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>The instant the period starts: midnight of <see cref="PeriodStart"/> in the zone.</summary>
    public DateTimeOffset PeriodStartsAt { get; private set; }

    /// <summary>The instant the period ends (exclusive): midnight after <see cref="PeriodEnd"/> in the zone.</summary>
    public DateTimeOffset PeriodEndsAt { get; private set; }

    /// <summary>Sum of the payments carried.</summary>
    public decimal Collected { get; private set; }

    /// <summary>Sum of the reversals carried (positive).</summary>
    public decimal Reversed { get; private set; }

    /// <summary>Fees on the payments minus fees given back on the reversals.</summary>
    public decimal Fees { get; private set; }

    /// <summary>Collected − reversed − fees: what the client is paid (negative: what it owes back).</summary>
    public decimal NetDue { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>The staff user who issued it.</summary>
    public string IssuedBy { get; private set; } = "";

    public IReadOnlyList<StatementLine> Lines => lines;

    /// <summary>Issues statement number <paramref name="number"/> over <paramref name="items"/>.</summary>
    public static RemittanceStatement Issue(
        Guid tenantId,
        Guid clientId,
        long number,
        string currency,
        StatementPeriod period,
        IEnumerable<StatementItem> items,
        string issuedBy,
        DateTimeOffset now)
    {
        var statement = new RemittanceStatement
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            ClientId = clientId,
            Number = number,
            Currency = currency,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            TimeZone = period.TimeZone,
            PeriodStartsAt = period.StartsAt,
            PeriodEndsAt = period.EndsAt,
            IssuedAt = now,
            IssuedBy = issuedBy,
        };
        foreach (var item in items.OrderBy(i => i.OccurredAt).ThenBy(i => i.Kind).ThenBy(i => i.PaymentId))
        {
            statement.lines.Add(StatementLine.For(statement, item));
        }

        statement.Collected = statement.lines.Where(l => l.Kind == StatementLineKind.Payment).Sum(l => l.Amount);
        statement.Reversed = -statement.lines.Where(l => l.Kind == StatementLineKind.Reversal).Sum(l => l.Amount);
        statement.Fees = statement.lines.Sum(l => l.Fee);
        statement.NetDue = statement.lines.Sum(l => l.Net);
        return statement;
    }
}

/// <summary>
/// One payment or reversal on a statement, amounts signed (a reversal is negative), with the fee
/// percentage the original posting used. A payment and a reversal each appear on exactly one
/// statement (a unique index on payment and kind).
/// </summary>
public sealed class StatementLine : ITenantOwned
{
    private StatementLine()
    {
    }

    public long Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid StatementId { get; private set; }

    public StatementLineKind Kind { get; private set; }

    public Guid PaymentId { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The client's own reference of the account.</summary>
    public string ClientReference { get; private set; } = "";

    /// <summary>When the payment was posted or the reversal made.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public decimal Amount { get; private set; }

    public decimal FeePercent { get; private set; }

    public decimal Fee { get; private set; }

    /// <summary><see cref="Amount"/> − <see cref="Fee"/>: the client's share.</summary>
    public decimal Net { get; private set; }

    internal static StatementLine For(RemittanceStatement statement, StatementItem item)
    {
        var sign = item.Kind == StatementLineKind.Reversal ? -1m : 1m;
        return new StatementLine
        {
            TenantId = statement.TenantId,
            StatementId = statement.Id,
            Kind = item.Kind,
            PaymentId = item.PaymentId,
            AccountId = item.AccountId,
            ClientReference = item.ClientReference,
            OccurredAt = item.OccurredAt,
            Amount = sign * item.Amount,
            FeePercent = item.FeePercent,
            Fee = sign * item.Fee,
            Net = sign * (item.Amount - item.Fee),
        };
    }
}

/// <summary>A payment or reversal not yet remitted, with the split its posting used (amounts positive).</summary>
public sealed record StatementItem(
    StatementLineKind Kind, Guid PaymentId, Guid AccountId, string ClientReference, DateTimeOffset OccurredAt, decimal Amount, decimal FeePercent, decimal Fee);

/// <summary>A statement's period: whole days in an IANA zone, and the instants they span.</summary>
public sealed record StatementPeriod(DateOnly Start, DateOnly End, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    /// <summary>The days <paramref name="start"/> to <paramref name="end"/> (inclusive) in <paramref name="zone"/>.</summary>
    public static StatementPeriod Of(DateOnly start, DateOnly end, TimeZoneInfo zone) =>
        new(start, end, zone.Id, Midnight(start, zone), Midnight(end.AddDays(1), zone));

    private static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a DST change starts the day at the first valid instant after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
