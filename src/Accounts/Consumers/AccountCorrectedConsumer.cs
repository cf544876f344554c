using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>The client corrected the balances after a dispute: they replace the current ones.</summary>
public sealed class AccountCorrectedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<AccountCorrectedConsumer> logger) : IConsumer<AccountCorrected>
{
    public async Task Consume(ConsumeContext<AccountCorrected> context)
    {
        var corrected = context.Message;
        var account = await db.AccountToChangeAsync(corrected.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Dispute {DisputeId} corrected account {AccountId}, which this tenant does not have", corrected.DisputeId, corrected.AccountId);
            return;
        }

        var change = ChangeContexts.By(corrected, clock, $"correction:{corrected.DisputeId}");
        if (!account.Correct(corrected.Principal, corrected.Interest, corrected.Fees, corrected.Currency, change))
        {
            logger.LogWarning("Correction from dispute {DisputeId} does not fit account {AccountId} (currency {Currency}); not applied", corrected.DisputeId, corrected.AccountId, corrected.Currency);
        }

        await db.ResegmentAsync(account, change, context.CancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
