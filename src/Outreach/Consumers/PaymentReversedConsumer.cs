using Collections.Contracts.Events;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>Takes a reversed payment back from the open promises it counted toward.</summary>
public sealed class PaymentReversedConsumer(OutreachDbContext db) : IConsumer<PaymentReversed>
{
    public async Task Consume(ConsumeContext<PaymentReversed> context)
    {
        var reversed = context.Message;
        await db.LockPromisesAsync(reversed.AccountId, context.CancellationToken);
        var open = await db.Promises
            .Where(p => p.AccountId == reversed.AccountId && p.Status == PromiseStatus.Open)
            .ToListAsync(context.CancellationToken);
        foreach (var promise in open)
        {
            promise.Reverse(reversed.PaymentId);
        }
    }
}
