using Collections.Gateway.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Webhooks;

/// <summary>
/// Turns an event that concerns a client into one delivery per endpoint of that client subscribed to
/// its type. Runs inside a consumer, so the inbox saves the deliveries in the consumer's transaction.
/// </summary>
public sealed class WebhookDeliveryQueue(GatewayDbContext db, TimeProvider clock, ILogger<WebhookDeliveryQueue> logger)
{
    public async Task QueueAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (webhookEvent.ClientId == Guid.Empty)
        {
            logger.LogDebug("Event {EventId} ({EventType}) names no client; no webhooks to send", webhookEvent.Id, webhookEvent.Type);
            return;
        }

        var subscribed = await db.WebhookEndpoints
            .Where(e => e.ClientId == webhookEvent.ClientId && e.DeletedAt == null && e.Events.Contains(webhookEvent.Type))
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
        if (subscribed.Count == 0)
        {
            return;
        }

        // The inbox already drops a redelivered message; this also covers the same event arriving
        // under another message id. The unique index on (endpoint, event) is the last word.
        var alreadyQueued = await db.WebhookDeliveries
            .Where(d => d.EventId == webhookEvent.Id && subscribed.Contains(d.EndpointId))
            .Select(d => d.EndpointId)
            .ToListAsync(cancellationToken);

        var body = webhookEvent.ToBody();
        var now = clock.GetUtcNow();
        foreach (var endpointId in subscribed.Except(alreadyQueued))
        {
            db.WebhookDeliveries.Add(WebhookDelivery.Queue(webhookEvent, endpointId, body, now));
        }
    }
}
