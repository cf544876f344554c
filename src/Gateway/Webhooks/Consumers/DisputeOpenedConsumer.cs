using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Tells the client a consumer disputed one of its accounts, through its <c>dispute.opened</c> webhooks.</summary>
public sealed class DisputeOpenedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<DisputeOpened>
{
    public Task Consume(ConsumeContext<DisputeOpened> context)
    {
        var e = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(e.EventId, WebhookEventTypes.DisputeOpened, e.OccurredAt, e.TenantId, e.ClientId, new DisputeOpenedData(e.DisputeId, e.AccountId, e.Reason, e.Channel, e.WithinValidationPeriod, e.HoldsCollection)),
            context.CancellationToken);
    }
}
