using Collections.Contracts.Events;
using Collections.Outreach.Compliance;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>A recalled account is no longer the tenant's to collect: contact about it stops.</summary>
public sealed class AccountRecalledConsumer(OutreachDbContext db) : IConsumer<AccountRecalled>
{
    public async Task Consume(ConsumeContext<AccountRecalled> context)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == context.Message.AccountId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Account {context.Message.AccountId} is not known to outreach yet.");
        account.Holds |= AccountHolds.Recalled;
        account.Status = "Recalled";
    }
}
