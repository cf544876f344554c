using Collections.BuildingBlocks.Tenancy;

namespace Collections.Disputes.Domain;

/// <summary>
/// One line of the append-only history of a dispute or consumer request: who did what, when. Entries are
/// only ever added; the database context refuses to change or delete them. Kept per account for the
/// 3-year retention period of 12 CFR 1006.100.
/// </summary>
public sealed class CaseHistoryEntry : ITenantOwned
{
    private CaseHistoryEntry()
    {
    }

    public long Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The dispute or consumer request the entry is about.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>"dispute" or "consumer-request".</summary>
    public string CaseKind { get; private set; } = "";

    /// <summary>What happened, e.g. "opened", "duplicate-linked", "verification-sent", "closed", "recorded", "reversed".</summary>
    public string Action { get; private set; } = "";

    /// <summary>Who did it: the caller's subject.</summary>
    public string ActorId { get; private set; } = "";

    /// <summary>The kind of caller: staff, client or consumer.</summary>
    public string ActorKind { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    /// <summary>Free text: a reason, an outcome, the channel.</summary>
    public string? Note { get; private set; }

    internal static CaseHistoryEntry Of(Guid tenantId, Guid accountId, Guid caseId, string caseKind, string action, Actor actor, DateTimeOffset at, string? note) => new()
    {
        TenantId = tenantId,
        AccountId = accountId,
        CaseId = caseId,
        CaseKind = caseKind,
        Action = action,
        ActorId = actor.Id,
        ActorKind = actor.Kind,
        At = at,
        Note = note,
    };
}

/// <summary>Who acted on a case, as recorded in its history.</summary>
/// <param name="Id">The caller's subject.</param>
/// <param name="Kind">staff, client or consumer.</param>
public sealed record Actor(string Id, string Kind);
