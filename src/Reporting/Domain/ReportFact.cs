using Collections.BuildingBlocks.Tenancy;

namespace Collections.Reporting.Domain;

/// <summary>
/// One countable thing that happened to an account (an attempt, an RPC, a promise, a payment…), keyed by its natural
/// id so the same payment or attempt is counted once whatever message carries it. The account's dimensions are copied
/// onto the fact and fixed up whenever the account's placement, segment or strategy is projected, so a fact that arrives
/// before its account is kept and starts counting when the account arrives.
/// </summary>
public sealed class ReportFact : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>One of <see cref="FactKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The natural id: payment id, attempt id, promise id, dispute id…</summary>
    public string Key { get; set; } = "";

    public Guid? AccountId { get; set; }

    public Guid? ClientId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The staff user who recorded it (attempts, RPCs, promises, payments) or the agent a complaint is about.</summary>
    public string? Agent { get; set; }

    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    public string? Channel { get; set; }

    /// <summary>For a call attempt: a person answered.</summary>
    public bool Connected { get; set; }

    public DateOnly? DueDate { get; set; }

    /// <summary>True once the account's <c>AccountPlaced</c> has been projected; only such facts count.</summary>
    public bool AccountKnown { get; set; }

    public DateTimeOffset? PlacedAt { get; set; }

    public Guid? PlacementId { get; set; }

    public string? Segment { get; set; }

    public Guid? StrategyId { get; set; }

    public string? Arm { get; set; }

    /// <summary>
    /// For a reversal or a promise's outcome: when the payment or promise it belongs to happened, once that is projected
    /// (a reversal's collected days and agent are the payment's).
    /// </summary>
    public DateTimeOffset? ParentOccurredAt { get; set; }

    /// <summary>For a reversal or a promise's outcome: who recorded the payment or promise it belongs to.</summary>
    public string? ParentAgent { get; set; }
}

/// <summary>The kinds of <see cref="ReportFact"/>.</summary>
public static class FactKinds
{
    public const string Attempt = "attempt";
    public const string RightPartyContact = "rpc";
    public const string Promise = "ptp";
    public const string PromiseKept = "ptp-kept";
    public const string PromiseBroken = "ptp-broken";
    public const string Payment = "payment";
    public const string Reversal = "reversal";
    public const string PaymentPlan = "plan";
    public const string Settlement = "settlement";
    public const string SettlementFulfilled = "settlement-fulfilled";
    public const string Dispute = "dispute";
    public const string DisputeResolved = "dispute-resolved";
    public const string Complaint = "complaint";
    public const string ComplaintResolved = "complaint-resolved";

    /// <summary>
    /// Derived, one per account with an RPC (key: the account id): its first RPC (instant and agent), <c>connected</c> when
    /// the account was resolved on it (a payment, plan or settlement from that RPC until the next RPC, within 24 hours).
    /// Kept by the projection whenever an RPC, payment, plan or settlement of the account arrives.
    /// </summary>
    public const string FirstRpc = "first-rpc";
}
