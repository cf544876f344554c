using System.Text.Json;

namespace Collections.Gateway.Webhooks;

/// <summary>
/// The JSON body of every webhook request: the event id (also in <see cref="WebhookSignature.IdHeader"/>),
/// its type, when it happened, the tenant and client it concerns, and the event's own data.
/// </summary>
/// <param name="Id">The integration event's id; the same on every retry and replay.</param>
/// <param name="Type">One of <see cref="WebhookEventTypes"/>.</param>
/// <param name="OccurredAt">When it happened on the platform.</param>
/// <param name="TenantId">The agency (or creditor department) the client placed its accounts with.</param>
/// <param name="ClientId">The client business the event concerns and the endpoint belongs to.</param>
/// <param name="Data">The type's own fields, e.g. <see cref="AccountPlacedData"/>.</param>
public sealed record WebhookEvent(Guid Id, string Type, DateTimeOffset OccurredAt, Guid TenantId, Guid ClientId, object Data)
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The request body, serialized once so every attempt sends and signs the same bytes.</summary>
    public string ToBody() => JsonSerializer.Serialize(this, SerializerOptions);
}

/// <summary>The <c>data</c> of an <c>account.placed</c> webhook: the account the client placed, as the tenant accepted it.</summary>
public sealed record AccountPlacedData(
    Guid AccountId,
    string ClientReference,
    string Jurisdiction,
    string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    decimal PlacedBalance);
