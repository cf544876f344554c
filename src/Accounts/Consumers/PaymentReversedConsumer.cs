using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Consumers;

/// <summary>A reversed payment gives back exactly what its posting took from each balance part.</summary>
public sealed class PaymentReversedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<PaymentReversedConsumer> logger) : IConsumer<PaymentReversed>
{
    public async Task Consume(ConsumeContext<PaymentReversed> context)
    {
        var reversed = context.Message;
        var cancellationToken = context.CancellationToken;
        var posting = await db.PaymentPostings.SingleOrDefaultAsync(p => p.PaymentId == reversed.PaymentId, cancellationToken);
        var account = posting is null ? null : await db.AccountToChangeAsync(posting.AccountId, cancellationToken);
        if (posting is null || account is null)
        {
            logger.LogWarning("Reversed payment {PaymentId} was never posted to an account of this tenant; nothing to restore", reversed.PaymentId);
            return;
        }

        var change = ChangeContexts.By(reversed, clock, $"reversal:{reversed.PaymentId} ({reversed.Reason})");
        if (!account.ReversePayment(posting, change))
        {
            logger.LogInformation("Payment {PaymentId} was not applied or is already reversed; nothing to restore", reversed.PaymentId);
        }

        await db.ResegmentAsync(account, change, cancellationToken);
        db.AddAccountChangeEvents(account);
    }
}
