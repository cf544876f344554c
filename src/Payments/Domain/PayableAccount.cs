using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>An account Payments can take money for: its balance as Accounts reported it. A read model of the Accounts service's data, kept from <c>AccountPlaced</c>.</summary>
public sealed class PayableAccount : ITenantOwned
{
    public Guid AccountId { get; set; }

    public Guid TenantId { get; set; }

    public string ClientReference { get; set; } = "";

    public string Currency { get; set; } = "";

    public decimal Balance { get; set; }

    public DateTimeOffset PlacedAt { get; set; }
}
