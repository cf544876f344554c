using Collections.BuildingBlocks.Tenancy;

namespace Collections.Outreach.Domain;

/// <summary>
/// A call to make about an account, waiting in a work queue from <see cref="NotBefore"/> until an agent makes it.
/// At most one per account, reason and day (the consumer's local day of <see cref="NotBefore"/>).
/// </summary>
public sealed class QueuedCall : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }

    /// <summary><see cref="WorkQueues.Standard"/> or <see cref="WorkQueues.Senior"/>.</summary>
    public string Queue { get; set; } = WorkQueues.Standard;

    /// <summary>Why the call is queued: one of <see cref="QueueReasons"/>.</summary>
    public string Reason { get; set; } = QueueReasons.Strategy;

    /// <summary>The consumer's local day of <see cref="NotBefore"/>; with the account and reason, the idempotency key.</summary>
    public DateOnly Day { get; set; }

    /// <summary>Not handed out before this instant (a callback's time; a block's lifting).</summary>
    public DateTimeOffset NotBefore { get; set; }

    /// <summary>The number the consumer asked to be called back on, for callbacks.</summary>
    public string? CallbackNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The agent working it now, while <see cref="LeasedUntil"/> has not passed.</summary>
    public string? LeasedBy { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    /// <summary>When a call about the account was recorded after it came due.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }
}

/// <summary>The work queues: senior agents take both, other agents the standard one.</summary>
public static class WorkQueues
{
    public const string Standard = "standard";

    public const string Senior = "senior";

    public static bool IsKnown(string queue) => queue is Standard or Senior;
}

/// <summary>Why an account is in a work queue.</summary>
public static class QueueReasons
{
    /// <summary>The daily strategy run scheduled a call.</summary>
    public const string Strategy = "strategy";

    /// <summary>The consumer asked to be called back at a time.</summary>
    public const string Callback = "callback";

    /// <summary>A promise to pay was broken.</summary>
    public const string BrokenPromise = "broken-promise";

    /// <summary>The account was escalated to the senior queue after failed attempts or broken promises.</summary>
    public const string Escalation = "escalation";

    /// <summary>A payment plan was broken.</summary>
    public const string PlanBroken = "plan-broken";

    public static bool IsKnown(string reason) => reason is Strategy or Callback or BrokenPromise or Escalation or PlanBroken;
}
