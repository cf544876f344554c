using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>A settlement paid in full closes the account as settled in full.</summary>
public sealed class SettlementFulfilledConsumer(AccountsDbContext db, TimeProvider clock, ILogger<SettlementFulfilledConsumer> logger) : IConsumer<SettlementFulfilled>
{
    public async Task Consume(ConsumeContext<SettlementFulfilled> context)
    {
        var fulfilled = context.Message;
        var account = await db.AccountToChangeAsync(fulfilled.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Settlement {SettlementId} names account {AccountId}, which this tenant does not have", fulfilled.SettlementId, fulfilled.AccountId);
            return;
        }

        account.MoveIfAllowed(AccountStatus.SettledInFull, ChangeContexts.By(fulfilled, clock, $"settlement:{fulfilled.SettlementId} fulfilled"));
        db.AddAccountChangeEvents(account);
    }
}
