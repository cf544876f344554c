using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>An account closed after a dispute ends as closed after dispute, when its status still allows it.</summary>
public sealed class AccountClosedAfterDisputeConsumer(AccountsDbContext db, TimeProvider clock, ILogger<AccountClosedAfterDisputeConsumer> logger) : IConsumer<AccountClosedAfterDispute>
{
    public async Task Consume(ConsumeContext<AccountClosedAfterDispute> context)
    {
        var closed = context.Message;
        var account = await db.AccountToChangeAsync(closed.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Dispute {DisputeId} closed account {AccountId}, which this tenant does not have", closed.DisputeId, closed.AccountId);
            return;
        }

        account.MoveIfAllowed(AccountStatus.ClosedAfterDispute, ChangeContexts.By(closed, clock, $"dispute:{closed.DisputeId} closed the account: {closed.Reason}"));
        db.AddAccountChangeEvents(account);
    }
}
