using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Tells the client an account of its changed status, through its <c>account.status_changed</c> webhooks.</summary>
public sealed class AccountStatusChangedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<AccountStatusChanged>
{
    public Task Consume(ConsumeContext<AccountStatusChanged> context)
    {
        var e = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(e.EventId, WebhookEventTypes.AccountStatusChanged, e.OccurredAt, e.TenantId, e.ClientId, new AccountStatusChangedData(e.AccountId, e.From, e.To, e.Reason)),
            context.CancellationToken);
    }
}
