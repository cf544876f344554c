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

    /// <summary>The segment Accounts last computed (<c>AccountSegmented</c>); it chooses the contact strategy.</summary>
    public string? Segment { get; set; }

    /// <summary>Propensity to pay, 0..1000, with the segment.</summary>
    public int? Score { get; set; }

    /// <summary>Holds that stop or narrow collection contact, kept from Accounts' hold and recall events.</summary>
    public AccountHolds Holds { get; set; }
}
