using Collections.BuildingBlocks.Tenancy;

namespace Collections.Gateway.Webhooks;

/// <summary>
/// A URL where a client business receives the events it subscribed to, signed with a secret only
/// the client and the gateway know. The secret is stored encrypted (Data Protection) because the
/// gateway needs it back to sign; the client sees it once, when it is created or rotated.
/// </summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    private WebhookEndpoint()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public string Url { get; private set; } = "";

    /// <summary>Event type names, see <see cref="WebhookEventTypes"/>.</summary>
    public string[] Events { get; private set; } = [];

    public string ProtectedSecret { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SecretRotatedAt { get; private set; }

    /// <summary>Deleted endpoints are kept so their delivery history stays readable.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    public static WebhookEndpoint Register(Guid tenantId, Guid clientId, Uri url, IEnumerable<string> events, string protectedSecret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        ClientId = clientId,
        Url = url.AbsoluteUri,
        Events = [.. events.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        ProtectedSecret = protectedSecret,
        CreatedAt = now,
    };

    public void RotateSecret(string protectedSecret, DateTimeOffset now)
    {
        ProtectedSecret = protectedSecret;
        SecretRotatedAt = now;
    }

    public void Delete(DateTimeOffset now) => DeletedAt ??= now;
}
