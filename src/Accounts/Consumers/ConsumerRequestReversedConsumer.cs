using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>A reversed consumer request releases the hold it placed.</summary>
public sealed class ConsumerRequestReversedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<ConsumerRequestReversedConsumer> logger) : IConsumer<ConsumerRequestReversed>
{
    public async Task Consume(ConsumeContext<ConsumerRequestReversed> context)
    {
        var reversed = context.Message;
        var account = await db.AccountToChangeAsync(reversed.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Consumer request {RequestId} names account {AccountId}, which this tenant does not have", reversed.RequestId, reversed.AccountId);
            return;
        }

        var change = ChangeContexts.By(reversed, clock, $"consumer-request:{reversed.RequestId} reversed: {reversed.Reason}");
        account.ReleaseHold(reversed.Kind, reversed.RequestId, change);
        await db.ResegmentAsync(account, change, context.CancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
