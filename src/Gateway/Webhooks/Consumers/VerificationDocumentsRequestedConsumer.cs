using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Gateway.Webhooks.Consumers;

/// <summary>Asks the client for the documents that verify a disputed debt, through its <c>dispute.verification_requested</c> webhooks.</summary>
public sealed class VerificationDocumentsRequestedConsumer(WebhookDeliveryQueue deliveries) : IConsumer<VerificationDocumentsRequested>
{
    public Task Consume(ConsumeContext<VerificationDocumentsRequested> context)
    {
        var e = context.Message;
        return deliveries.QueueAsync(
            new WebhookEvent(e.EventId, WebhookEventTypes.DisputeVerificationRequested, e.OccurredAt, e.TenantId, e.ClientId, new DisputeVerificationRequestedData(e.DisputeId, e.AccountId, e.Reason, e.RespondBy)),
            context.CancellationToken);
    }
}
