using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Tells the client that placed an account, through its <c>account.placed</c> webhooks.</summary>
public sealed class AccountPlacedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<AccountPlaced>
{
    public Task Consume(ConsumeContext<AccountPlaced> context)
    {
        var placed = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(
                placed.EventId,
                WebhookEventTypes.AccountPlaced,
                placed.OccurredAt,
                placed.TenantId,
                placed.ClientId,
                new AccountPlacedData(
                    placed.AccountId,
                    placed.ClientReference,
                    placed.Jurisdiction,
                    placed.Currency,
                    placed.Principal,
                    placed.Interest,
                    placed.Fees,
                    placed.PlacedBalance)),
            context.CancellationToken);
    }
}
