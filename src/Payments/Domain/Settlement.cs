using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>Where a settlement stands.</summary>
public enum SettlementStatus
{
    /// <summary>Offered, waiting for the approver its discount needs.</summary>
    Pending,

    /// <summary>Agreed: paying <see cref="Settlement.Amount"/> settles the account in full.</summary>
    Agreed,

    /// <summary>Paid in full.</summary>
    Fulfilled,

    Rejected,

    /// <summary>Not approved, or not paid, in time.</summary>
    Expired,
}

/// <summary>Who may agree a settlement: the level of authority its discount needs.</summary>
public enum SettlementApprover
{
    Agent,
    Supervisor,
    Client,
}

/// <summary>
/// How deep a discount the tenant lets its staff grant on a client's accounts, from the client's
/// settings: an agent alone up to <see cref="AgentDiscountPercent"/>, a supervisor up to
/// <see cref="SupervisorDiscountPercent"/>; deeper needs the client.
/// </summary>
public sealed record SettlementLimits(decimal AgentDiscountPercent, decimal SupervisorDiscountPercent)
{
    /// <summary>The authority an offer of <paramref name="amount"/> against <paramref name="balance"/> needs.</summary>
    public SettlementApprover ApproverFor(decimal balance, decimal amount)
    {
        // Compared on amounts, not on a rounded percentage, so the limit is exact to the cent.
        if (amount * 100m >= balance * (100m - AgentDiscountPercent))
        {
            return SettlementApprover.Agent;
        }

        return amount * 100m >= balance * (100m - Math.Max(SupervisorDiscountPercent, AgentDiscountPercent))
            ? SettlementApprover.Supervisor
            : SettlementApprover.Client;
    }
}

/// <summary>
/// An offer to pay less than the balance in full satisfaction of the debt, agreed by whoever has
/// the authority its discount needs, then paid in one payment or through a plan.
/// </summary>
public sealed class Settlement : ITenantOwned, IAccountParties
{
    private Settlement()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    public string Currency { get; private set; } = "";

    /// <summary>The balance Accounts reported when the offer was made.</summary>
    public decimal BalanceAtOffer { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>Percent off the balance, to two decimals.</summary>
    public decimal DiscountPercent { get; private set; }

    public SettlementStatus Status { get; private set; }

    /// <summary>Whose approval the discount needs.</summary>
    public SettlementApprover RequiredApprover { get; private set; }

    /// <summary>Who made the offer: a staff user id, "portal:{consumer}".</summary>
    public string OfferedBy { get; private set; } = "";

    public DateTimeOffset OfferedAt { get; private set; }

    /// <summary>The authority that agreed it: agent, supervisor or client.</summary>
    public SettlementApprover? ApprovedBy { get; private set; }

    /// <summary>Who decided (agreed or rejected): a staff user id or "client:{id}".</summary>
    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>When a pending offer or an agreed but unpaid settlement lapses; none while a plan pays it.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Posted payments towards it, less reversals.</summary>
    public decimal PaidAmount { get; private set; }

    public DateTimeOffset? FulfilledAt { get; private set; }

    public bool IsOpen => Status is SettlementStatus.Pending or SettlementStatus.Agreed;

    /// <summary>
    /// An offer of <paramref name="amount"/> against <paramref name="balance"/>. Agreed at once when
    /// <paramref name="offererAuthority"/> (the offering staff member's) covers the discount; otherwise pending.
    /// </summary>
    public static Settlement Offer(
        PayableAccount account, decimal balance, decimal amount, SettlementLimits limits, string offeredBy,
        SettlementApprover? offererAuthority, DateTimeOffset now, TimeSpan pendingLifetime, TimeSpan agreedLifetime)
    {
        if (amount <= 0m || amount >= balance)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A settlement is more than zero and less than the balance.");
        }

        var settlement = new Settlement
        {
            Id = Guid.CreateVersion7(now),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            Currency = account.Currency,
            BalanceAtOffer = balance,
            Amount = amount,
            DiscountPercent = Math.Round((balance - amount) * 100m / balance, 2, MidpointRounding.AwayFromZero),
            Status = SettlementStatus.Pending,
            RequiredApprover = limits.ApproverFor(balance, amount),
            OfferedBy = offeredBy,
            OfferedAt = now,
            ExpiresAt = now + pendingLifetime,
        };
        if (offererAuthority is { } authority && authority >= settlement.RequiredApprover && authority != SettlementApprover.Client)
        {
            settlement.Agree(authority, offeredBy, now, agreedLifetime);
        }

        return settlement;
    }

    /// <summary>Whether <paramref name="authority"/> may decide this pending offer.</summary>
    public bool MayBeDecidedBy(SettlementApprover authority) =>
        RequiredApprover == SettlementApprover.Client ? authority == SettlementApprover.Client : authority != SettlementApprover.Client && authority >= RequiredApprover;

    public void Agree(SettlementApprover authority, string decidedBy, DateTimeOffset now, TimeSpan agreedLifetime)
    {
        Status = SettlementStatus.Agreed;
        ApprovedBy = authority;
        DecidedBy = decidedBy;
        DecidedAt = now;
        ExpiresAt = now + agreedLifetime;
    }

    public void Reject(string decidedBy, DateTimeOffset now)
    {
        Status = SettlementStatus.Rejected;
        DecidedBy = decidedBy;
        DecidedAt = now;
        ExpiresAt = null;
    }

    public void Expire()
    {
        Status = SettlementStatus.Expired;
        ExpiresAt = null;
    }

    /// <summary>A plan pays it now: the plan's own grace period governs, not the settlement's expiry.</summary>
    public void PaidByPlan() => ExpiresAt = null;

    /// <summary>Its plan broke or was replaced: unpaid, it lapses after <paramref name="agreedLifetime"/> unless paid.</summary>
    public void PlanEnded(DateTimeOffset now, TimeSpan agreedLifetime)
    {
        if (Status == SettlementStatus.Agreed)
        {
            ExpiresAt = now + agreedLifetime;
        }
    }

    /// <summary>What is left to pay.</summary>
    public decimal Remaining => Math.Max(0m, Amount - PaidAmount);

    /// <summary>Counts a posted payment; true when it paid the settlement in full.</summary>
    public bool RecordPayment(decimal amount, DateTimeOffset now)
    {
        PaidAmount += amount;
        if (Status != SettlementStatus.Agreed || PaidAmount < Amount)
        {
            return false;
        }

        Status = SettlementStatus.Fulfilled;
        FulfilledAt = now;
        ExpiresAt = null;
        return true;
    }

    /// <summary>A payment towards it was reversed.</summary>
    public void RecordReversal(decimal amount) => PaidAmount -= amount;
}

/// <summary>A client's settlement limits, from the tenant's <c>ClientSettingsChanged</c>.</summary>
public sealed class ClientSettlementTerms : ITenantOwned
{
    private ClientSettlementTerms()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public decimal AgentDiscountPercent { get; private set; }

    public decimal SupervisorDiscountPercent { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public SettlementLimits Limits => new(AgentDiscountPercent, SupervisorDiscountPercent);

    public static ClientSettlementTerms For(Guid tenantId, Guid clientId) => new() { TenantId = tenantId, ClientId = clientId };

    public void Change(decimal agentPercent, decimal supervisorPercent, DateTimeOffset now)
    {
        AgentDiscountPercent = agentPercent;
        SupervisorDiscountPercent = supervisorPercent;
        ChangedAt = now;
    }
}

/// <summary>A tenant's rules for plans consumers set up themselves in the portal.</summary>
public sealed class PortalPlanRules : ITenantOwned
{
    private PortalPlanRules()
    {
    }

    public Guid TenantId { get; private set; }

    /// <summary>Most instalments a consumer may choose.</summary>
    public int MaxInstalments { get; private set; }

    /// <summary>Smallest instalment a consumer may choose, in the account's currency.</summary>
    public decimal MinInstalmentAmount { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public static PortalPlanRules For(Guid tenantId) => new() { TenantId = tenantId };

    public void Change(int maxInstalments, decimal minInstalmentAmount, DateTimeOffset now)
    {
        MaxInstalments = maxInstalments;
        MinInstalmentAmount = minInstalmentAmount;
        ChangedAt = now;
    }
}
