using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>An account Outreach may work: who to contact and under which jurisdiction's rules. A read model of the Accounts service's data, kept from <c>AccountPlaced</c>.</summary>
public sealed class ContactableAccount : ITenantOwned, IAccountParties
{
    public Guid AccountId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The client business that placed the account.</summary>
    public Guid ClientId { get; set; }

    /// <summary>The consumer who owes the debt.</summary>
    public Guid ConsumerId { get; set; }

    public string ConsumerName { get; set; } = "";

    public string Jurisdiction { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset PlacedAt { get; set; }

    /// <summary>The segment Accounts last computed (at placement on <c>AccountPlaced</c>, then <c>AccountSegmented</c>); it chooses the contact strategy.</summary>
    public string? Segment { get; set; }

    /// <summary>Propensity to pay (0..1000) from <c>AccountPlaced</c>, then <c>AccountSegmented</c>; null until Accounts scores the account.</summary>
    public int? Score { get; set; }

    /// <summary>Holds that stop or narrow collection contact, kept from Accounts' hold and recall events.</summary>
    public AccountHolds Holds { get; set; }

    /// <summary>Outstanding balance, from <c>AccountPlaced</c> and then <c>AccountBalanceChanged</c>.</summary>
    public decimal Balance { get; set; }

    /// <summary>ISO 4217 currency of <see cref="Balance"/>.</summary>
    public string Currency { get; set; } = "";

    /// <summary>When the last attempt by any channel was made.</summary>
    public DateTimeOffset? LastContactAt { get; set; }

    /// <summary>Calls not answered, not connected or refused since the last right-party contact.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Promises to pay broken on this account.</summary>
    public int BrokenPromises { get; set; }

    /// <summary>When the account was escalated to the senior queue; its calls go there from then on.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
}
