using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>
/// One line of the history of a payment plan or settlement: what changed, when, who did it and why.
/// Only ever inserted.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    private AuditEntry()
    {
    }

    public long Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>"payment-plan" or "settlement".</summary>
    public string SubjectType { get; private set; } = "";

    public Guid SubjectId { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>What happened, e.g. "created", "instalment-paid", "approved", "expired".</summary>
    public string Action { get; private set; } = "";

    /// <summary>Who: a staff user id with role, "portal:{consumer}", "client:{client}", or "system" for the scheduler.</summary>
    public string Actor { get; private set; } = "";

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static AuditEntry ForPlan(PaymentPlan plan, string action, string actor, string? reason, DateTimeOffset at) =>
        New(plan.TenantId, "payment-plan", plan.Id, plan.AccountId, action, actor, reason, at);

    public static AuditEntry ForSettlement(Settlement settlement, string action, string actor, string? reason, DateTimeOffset at) =>
        New(settlement.TenantId, "settlement", settlement.Id, settlement.AccountId, action, actor, reason, at);

    private static AuditEntry New(Guid tenantId, string type, Guid id, Guid accountId, string action, string actor, string? reason, DateTimeOffset at) => new()
    {
        TenantId = tenantId,
        SubjectType = type,
        SubjectId = id,
        AccountId = accountId,
        Action = action,
        Actor = actor,
        Reason = reason,
        At = at,
    };
}
