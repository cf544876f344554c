using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>A resolved dispute releases the hold it placed.</summary>
public sealed class DisputeResolvedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<DisputeResolvedConsumer> logger) : IConsumer<DisputeResolved>
{
    public async Task Consume(ConsumeContext<DisputeResolved> context)
    {
        var resolved = context.Message;
        var account = await db.AccountToChangeAsync(resolved.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Dispute {DisputeId} names account {AccountId}, which this tenant does not have", resolved.DisputeId, resolved.AccountId);
            return;
        }

        var change = ChangeContexts.By(resolved, clock, $"dispute:{resolved.DisputeId} resolved ({resolved.Outcome})");
        account.ReleaseHold(HoldKinds.Dispute, resolved.DisputeId, change);
        await db.ResegmentAsync(account, change, context.CancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
