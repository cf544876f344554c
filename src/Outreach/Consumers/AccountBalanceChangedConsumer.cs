using Collections.Contracts.Events;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>Keeps the account's outstanding balance, which weighs in the work queue's priority.</summary>
public sealed class AccountBalanceChangedConsumer(OutreachDbContext db) : IConsumer<AccountBalanceChanged>
{
    public async Task Consume(ConsumeContext<AccountBalanceChanged> context)
    {
        var changed = context.Message;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == changed.AccountId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Account {changed.AccountId} is not known to outreach yet.");
        account.Balance = changed.Balance;
        account.Currency = changed.Currency;
    }
}
