using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>A dispute that holds collection places a dispute hold on the account.</summary>
public sealed class DisputeOpenedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<DisputeOpenedConsumer> logger) : IConsumer<DisputeOpened>
{
    public async Task Consume(ConsumeContext<DisputeOpened> context)
    {
        var opened = context.Message;
        if (!opened.HoldsCollection)
        {
            return;
        }

        var account = await db.AccountToChangeAsync(opened.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Dispute {DisputeId} names account {AccountId}, which this tenant does not have", opened.DisputeId, opened.AccountId);
            return;
        }

        var change = ChangeContexts.By(opened, clock, $"dispute:{opened.DisputeId} opened ({opened.Reason}, via {opened.Channel})");
        account.PlaceHold(HoldKinds.Dispute, opened.DisputeId, change);
        await db.ResegmentAsync(account, change, context.CancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
