using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>A rendered message the development channel providers delivered by keeping it, as the consumer would have received it.</summary>
public sealed class SentMessage : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }

    public Guid ConsumerId { get; set; }

    public ContactChannel Channel { get; set; }

    /// <summary>The number, address, or "postal address on file" for letters.</summary>
    public string To { get; set; } = "";

    public string? Subject { get; set; }

    /// <summary>Plain text (SMS) or HTML (email, print-ready letter).</summary>
    public string Body { get; set; } = "";

    public string Language { get; set; } = "en";

    public Guid? PlannedContactId { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
