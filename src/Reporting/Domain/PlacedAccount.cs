using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Reporting.Domain;

/// <summary>The placement of one account, projected from <c>AccountPlaced</c>; the portfolio sums these.</summary>
public sealed class PlacedAccount : ITenantOwned, IAccountParties
{
    public Guid AccountId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The client business that placed the account.</summary>
    public Guid ClientId { get; set; }

    /// <summary>The consumer who owes the debt.</summary>
    public Guid ConsumerId { get; set; }

    public string Currency { get; set; } = "";

    public decimal PlacedBalance { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    /// <summary>When the projection recorded the event, to say how fresh an answer is.</summary>
    public DateTimeOffset ProjectedAt { get; set; }
}
