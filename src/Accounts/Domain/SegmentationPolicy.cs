using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>A tenant's own segmentation settings; a tenant without one uses <see cref="SegmentationSettings.Default"/>.</summary>
public sealed class SegmentationPolicy : ITenantOwned
{
    private SegmentationPolicy()
    {
    }

    public Guid TenantId { get; private set; }

    public SegmentationSettings Settings { get; private set; } = SegmentationSettings.Default;

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>"staff:{subject}" of the admin who set them.</summary>
    public string UpdatedBy { get; private set; } = "";

    public static SegmentationPolicy For(Guid tenantId, SegmentationSettings settings, ChangeContext context) =>
        new() { TenantId = tenantId, Settings = settings, UpdatedAt = context.At, UpdatedBy = context.Who };

    public void Change(SegmentationSettings settings, ChangeContext context) =>
        (Settings, UpdatedAt, UpdatedBy) = (settings, context.At, context.Who);
}
