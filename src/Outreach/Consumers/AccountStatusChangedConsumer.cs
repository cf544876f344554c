using Collections.Contracts.Events;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>Keeps the account's status as Accounts reports it.</summary>
public sealed class AccountStatusChangedConsumer(OutreachDbContext db) : IConsumer<AccountStatusChanged>
{
    public async Task Consume(ConsumeContext<AccountStatusChanged> context)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == context.Message.AccountId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Account {context.Message.AccountId} is not known to outreach yet.");
        account.Status = context.Message.To;
    }
}
