using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Tells the client a dispute was resolved, through its <c>dispute.resolved</c> webhooks.</summary>
public sealed class DisputeResolvedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<DisputeResolved>
{
    public Task Consume(ConsumeContext<DisputeResolved> context)
    {
        var e = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(e.EventId, WebhookEventTypes.DisputeResolved, e.OccurredAt, e.TenantId, e.ClientId, new DisputeResolvedData(e.DisputeId, e.AccountId, e.Outcome)),
            context.CancellationToken);
    }
}
