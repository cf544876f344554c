using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>A cease-communication, attorney, bankruptcy or deceased request places the matching hold.</summary>
public sealed class ConsumerRequestRecordedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<ConsumerRequestRecordedConsumer> logger) : IConsumer<ConsumerRequestRecorded>
{
    public async Task Consume(ConsumeContext<ConsumerRequestRecorded> context)
    {
        var recorded = context.Message;
        if (!HoldKinds.All.Contains(recorded.Kind) || recorded.Kind == HoldKinds.Dispute)
        {
            logger.LogWarning("Consumer request {RequestId} is of kind {Kind}, which places no hold", recorded.RequestId, recorded.Kind);
            return;
        }

        var account = await db.AccountToChangeAsync(recorded.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Consumer request {RequestId} names account {AccountId}, which this tenant does not have", recorded.RequestId, recorded.AccountId);
            return;
        }

        var change = ChangeContexts.By(recorded, clock, $"consumer-request:{recorded.RequestId} recorded");
        account.PlaceHold(recorded.Kind, recorded.RequestId, change);
        await db.ResegmentAsync(account, change, context.CancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
