namespace Collections.Reporting.Domain;

/// <summary>
/// Per tenant, UTC day and kind of fact, the count and amount of the facts that count (their account is placed), once in
/// total (<see cref="AggregateDims.All"/>) and once per value of each dimension a KPI can be filtered by. Maintained by
/// triggers on <c>report_facts</c> (and, for the kind <c>placed</c>, on <c>report_accounts</c>: accounts by placement day
/// with their placed balance) in the transaction that changes them, so a KPI over a quarter reads a few thousand rows.
/// </summary>
public sealed class DailyFactTotal
{
    public Guid TenantId { get; set; }

    /// <summary>One of <see cref="AggregateDims"/>.</summary>
    public string Dim { get; set; } = "";

    /// <summary>The dimension's value as text ('' for <see cref="AggregateDims.All"/>).</summary>
    public string DimValue { get; set; } = "";

    /// <summary>A <see cref="FactKinds"/> value, or <see cref="AggregateDims.PlacedKind"/>.</summary>
    public string Kind { get; set; } = "";

    public DateOnly Day { get; set; }

    /// <summary>The fact's channel is "Call".</summary>
    public bool Call { get; set; }

    public bool Connected { get; set; }

    /// <summary>'' when the fact has none.</summary>
    public string Currency { get; set; } = "";

    public long Facts { get; set; }

    public decimal Amount { get; set; }

    /// <summary>For payments (and reversed payments): the seconds from the account's placement to the payment, summed.</summary>
    public decimal Seconds { get; set; }
}

/// <summary>
/// Placed accounts per tenant, delinquency date, placement month and closing month (9999-12-01 while open), in total and
/// per dimension value: what roll rates need, month by month. Maintained by a trigger on <c>report_accounts</c>.
/// </summary>
public sealed class AccountMonthTotal
{
    public Guid TenantId { get; set; }

    public string Dim { get; set; } = "";

    public string DimValue { get; set; } = "";

    public DateOnly DelinquencyDate { get; set; }

    public DateOnly PlacedMonth { get; set; }

    public DateOnly ClosedMonth { get; set; }

    public long Accounts { get; set; }
}

/// <summary>
/// Per tenant, dimension value (as <see cref="DailyFactTotal"/>, the agent excepted), UTC day, agent and currency: what
/// agent performance needs. Attempts (calls), RPCs, promises and payments recorded by the agent; money collected (payments
/// less reversals, by the reversal's day, for the payment's agent) in the currency; and how many of the agent's attempts and
/// RPCs fall in each UTC hour of the day, so distinct working hours add up over days. Maintained by the trigger on
/// <c>report_facts</c>; agents that are not staff (portal, autopay, client) are left out.
/// </summary>
public sealed class AgentDayTotal
{
    public Guid TenantId { get; set; }

    public string Dim { get; set; } = "";

    public string DimValue { get; set; } = "";

    public DateOnly Day { get; set; }

    public string Agent { get; set; } = "";

    /// <summary>The currency of payments and reversals; '' for the other kinds.</summary>
    public string Currency { get; set; } = "";

    /// <summary>Attempts by call, RPCs, promises and payments (of any currency): the agent was active in the range.</summary>
    public long Activities { get; set; }

    public long Attempts { get; set; }

    public long Rpcs { get; set; }

    public long Promises { get; set; }

    public decimal Collected { get; set; }

    /// <summary>24 counts: the agent's call attempts and RPCs in each UTC hour of the day.</summary>
    public int[] Hours { get; set; } = new int[24];
}

/// <summary>The dimensions the aggregates are kept by.</summary>
public static class AggregateDims
{
    public const string All = "all";
    public const string Client = "client";
    public const string Placement = "placement";
    public const string Segment = "segment";
    public const string Strategy = "strategy";
    public const string Arm = "arm";
    public const string Agent = "agent";

    /// <summary>The kind under which <see cref="DailyFactTotal"/> counts accounts by placement day.</summary>
    public const string PlacedKind = "placed";

    /// <summary>
    /// The kind under which <see cref="DailyFactTotal"/> counts payments that were reversed, by the payment's day and agent
    /// (from the reversal fact), so payments that stand are payments minus these.
    /// </summary>
    public const string ReversedPaymentKind = "reversed-payment";
}
