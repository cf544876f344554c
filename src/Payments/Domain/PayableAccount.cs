using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>An account Payments can take money for: its balance as Accounts reported it. A read model of the Accounts service's data, kept from <c>AccountPlaced</c>.</summary>
public sealed class PayableAccount : ITenantOwned, IAccountParties
{
    public Guid AccountId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The client business that placed the account.</summary>
    public Guid ClientId { get; set; }

    /// <summary>The consumer who owes the debt.</summary>
    public Guid ConsumerId { get; set; }

    public string ClientReference { get; set; } = "";

    public string Currency { get; set; } = "";

    public decimal Balance { get; set; }

    public DateTimeOffset PlacedAt { get; set; }
}
