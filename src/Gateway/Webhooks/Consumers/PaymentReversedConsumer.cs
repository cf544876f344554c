using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Tells the client of a reversed payment, through its <c>payment.reversed</c> webhooks.</summary>
public sealed class PaymentReversedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<PaymentReversed>
{
    public Task Consume(ConsumeContext<PaymentReversed> context)
    {
        var e = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(e.EventId, WebhookEventTypes.PaymentReversed, e.OccurredAt, e.TenantId, e.ClientId, new PaymentReversedData(e.PaymentId, e.AccountId, e.Amount, e.Currency, e.Reason)),
            context.CancellationToken);
    }
}
