using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Consumers;

/// <summary>
/// Applies a posted payment to the balances in the client's order, once per payment id (a payment
/// published again under a new message id finds its posting and is skipped).
/// </summary>
public sealed class PaymentPostedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<PaymentPostedConsumer> logger) : IConsumer<PaymentPosted>
{
    public async Task Consume(ConsumeContext<PaymentPosted> context)
    {
        var posted = context.Message;
        var cancellationToken = context.CancellationToken;
        if (await db.PaymentPostings.AnyAsync(p => p.PaymentId == posted.PaymentId, cancellationToken))
        {
            logger.LogInformation("Payment {PaymentId} was already posted; skipped", posted.PaymentId);
            return;
        }

        var account = await db.AccountToChangeAsync(posted.AccountId, cancellationToken);
        if (account is null)
        {
            logger.LogWarning("Payment {PaymentId} names account {AccountId}, which this tenant does not have", posted.PaymentId, posted.AccountId);
            return;
        }

        var order = await db.PaymentOrderOfAsync(account.ClientId, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var periods = await db.LimitationPeriodsForAsync([account.Jurisdiction], cancellationToken);
        var restartsLimitation = periods.For(account.Jurisdiction, today)?.StartsFrom == LimitationStart.LastPayment;
        var change = ChangeContexts.By(posted, clock, $"payment:{posted.PaymentId}");
        var posting = account.ApplyPayment(
            posted.PaymentId, posted.Amount, posted.Currency, order, restartsLimitation, change);
        if (!posting.Applied)
        {
            logger.LogWarning(
                "Payment {PaymentId} of {Amount} {Currency} does not fit account {AccountId} in {AccountCurrency}; not applied",
                posted.PaymentId, posted.Amount, posted.Currency, account.Id, account.Currency);
        }

        db.PaymentPostings.Add(posting);
        await db.ResegmentAsync(account, change, cancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
