using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// Posting and reversing payments: the payment, its trust journal entries, the account's balance and
/// the integration event, all saved by the caller's one <c>SaveChanges</c>.
/// </summary>
public static class TrustPostings
{
    /// <summary>Posts an approved <paramref name="payment"/> to <paramref name="account"/>.</summary>
    public static void Post(PaymentsDbContext db, PayableAccount account, Payment payment, decimal feePercent, DateTimeOffset now, string? recordedBy = null)
    {
        db.Payments.Add(payment);
        db.Journal.AddRange(TrustJournal.Posting(payment, feePercent, now));
        account.Balance -= payment.Amount;
        db.AddIntegrationEvent(new PaymentPosted
        {
            TenantId = payment.TenantId,
            OccurredAt = now,
            PaymentId = payment.Id,
            AccountId = payment.AccountId,
            ClientId = payment.ClientId,
            Amount = payment.Amount,
            Currency = payment.Currency,
            Method = payment.Method == PaymentMethodKind.Ach ? "ach" : "card",
            PaymentPlanId = payment.PaymentPlanId,
            SettlementId = payment.SettlementId,
            RecordedBy = recordedBy,
        });
    }

    /// <summary>Reverses a posted <paramref name="payment"/>; false (and nothing written) when it was not posted or is already reversed.</summary>
    public static async Task<bool> ReverseAsync(PaymentsDbContext db, Payment payment, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!payment.Reverse(reason, now))
        {
            return false;
        }

        var posting = await db.Journal.Where(e => e.PaymentId == payment.Id).ToListAsync(cancellationToken);
        db.Journal.AddRange(TrustJournal.Reversal(payment, posting, now));
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == payment.AccountId, cancellationToken);
        account?.Balance += payment.Amount;
        db.AddIntegrationEvent(new PaymentReversed
        {
            TenantId = payment.TenantId,
            OccurredAt = now,
            PaymentId = payment.Id,
            AccountId = payment.AccountId,
            ClientId = payment.ClientId,
            Amount = payment.Amount,
            Currency = payment.Currency,
            Reason = reason,
        });
        await PlanAndSettlementPostings.FailedAsync(db, payment, reason, now, cancellationToken);
        return true;
    }
}
