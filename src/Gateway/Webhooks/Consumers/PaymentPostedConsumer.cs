using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Tells the client of a payment posted on its account, through its <c>payment.posted</c> webhooks.</summary>
public sealed class PaymentPostedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<PaymentPosted>
{
    public Task Consume(ConsumeContext<PaymentPosted> context)
    {
        var e = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(e.EventId, WebhookEventTypes.PaymentPosted, e.OccurredAt, e.TenantId, e.ClientId, new PaymentPostedData(e.PaymentId, e.AccountId, e.Amount, e.Currency, e.Method, e.SettlementId, e.PaymentPlanId)),
            context.CancellationToken);
    }
}
