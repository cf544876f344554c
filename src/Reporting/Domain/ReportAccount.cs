using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Reporting.Domain;

/// <summary>
/// One account as Reporting knows it: its placement and the dimensions KPIs are cut by. A row may exist before
/// its <c>AccountPlaced</c> arrives (a segment or strategy came first); it counts in KPIs only once <see cref="PlacedAt"/> is set.
/// Each dimension keeps the instant of the event that set it, so an older event arriving late never overwrites a newer one.
/// </summary>
public sealed class ReportAccount : ITenantOwned, IAccountParties
{
    public Guid AccountId { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClientId { get; set; }

    public Guid ConsumerId { get; set; }

    public string? ClientReference { get; set; }

    /// <summary>The placement batch (vintage) the account came in.</summary>
    public Guid? PlacementId { get; set; }

    public DateTimeOffset? PlacedAt { get; set; }

    public decimal? PlacedBalance { get; set; }

    public string? Currency { get; set; }

    public DateOnly? DelinquencyDate { get; set; }

    public string? Segment { get; set; }

    public DateTimeOffset? SegmentAt { get; set; }

    public Guid? StrategyId { get; set; }

    public string? StrategyName { get; set; }

    /// <summary>"champion" or "challenger".</summary>
    public string? Arm { get; set; }

    public DateTimeOffset? StrategyAt { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? StatusAt { get; set; }

    /// <summary>When the account last left collection (paid or settled in full, recalled, returned, closed); null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public decimal? Balance { get; set; }

    public DateTimeOffset? BalanceAt { get; set; }

    /// <summary>The holds in force, comma-separated.</summary>
    public string? Holds { get; set; }

    public DateTimeOffset? HoldsAt { get; set; }

    public DateTimeOffset? RecalledAt { get; set; }

    /// <summary>When an event about this account was last projected.</summary>
    public DateTimeOffset ProjectedAt { get; set; }
}
