using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>Counts a payment toward the account's open promises to pay; a promise it completes in time is kept.</summary>
public sealed class PaymentPostedConsumer(OutreachDbContext db) : IConsumer<PaymentPosted>
{
    public async Task Consume(ConsumeContext<PaymentPosted> context)
    {
        var payment = context.Message;
        await db.LockPromisesAsync(payment.AccountId, context.CancellationToken);
        var open = await db.Promises
            .Where(p => p.AccountId == payment.AccountId && p.Status == PromiseStatus.Open)
            .OrderBy(p => p.DueDate)
            .ToListAsync(context.CancellationToken);
        foreach (var promise in open)
        {
            if (promise.Count(payment.PaymentId, payment.Amount, payment.Currency, payment.OccurredAt))
            {
                db.AddIntegrationEvent(new PromiseToPayKept
                {
                    TenantId = promise.TenantId,
                    OccurredAt = payment.OccurredAt,
                    PromiseId = promise.Id,
                    AccountId = promise.AccountId,
                    ClientId = promise.ClientId,
                    AmountPaid = promise.AmountPaid,
                    Currency = promise.Currency,
                });
            }
        }
    }
}
