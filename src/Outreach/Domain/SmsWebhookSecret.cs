using Collections.BuildingBlocks.Tenancy;

namespace Collections.Outreach.Domain;

/// <summary>The shared secret a tenant's SMS provider sends with inbound messages, kept as a SHA-256 hash.</summary>
public sealed class SmsWebhookSecret : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
