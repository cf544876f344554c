using Collections.Contracts.Events;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>
/// Keeps the account's segment and propensity-to-pay score: the score weighs in the work queue's priority, the segment
/// chooses the contact strategy at the next run.
/// </summary>
public sealed class AccountSegmentedConsumer(OutreachDbContext db) : IConsumer<AccountSegmented>
{
    public async Task Consume(ConsumeContext<AccountSegmented> context)
    {
        var segmented = context.Message;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == segmented.AccountId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Account {segmented.AccountId} is not known to outreach yet.");
        account.Segment = segmented.Segment;
        account.Score = Math.Clamp(segmented.Score, 0, 1000);
    }
}
