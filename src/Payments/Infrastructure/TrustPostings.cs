using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// Posting and reversing payments: the payment, its trust journal entries, its receipt, the account's
/// balance and the integration event, all saved by the caller's one <c>SaveChanges</c> (take the
/// receipt number in the same transaction to keep receipt numbers gapless).
/// </summary>
public static class TrustPostings
{
    /// <summary>
    /// Posts an approved <paramref name="payment"/> to <paramref name="account"/>, splitting it at the
    /// client's contingency fee in force now, and writes its receipt. <paramref name="recordedBy"/> names
    /// who recorded it for <see cref="PaymentPosted.RecordedBy"/> (e.g. <c>autopay</c>), if anyone.
    /// </summary>
    public static async Task<Receipt> PostAsync(PaymentsDbContext db, PayableAccount account, Payment payment, decimal defaultFeePercent, DateTimeOffset now, string? recordedBy, CancellationToken cancellationToken)
    {
        var feePercent = await FeePercentInForceAsync(db, payment.ClientId, now, defaultFeePercent, cancellationToken);
        db.Payments.Add(payment);
        db.Journal.AddRange(TrustJournal.Posting(payment, feePercent, now));
        account.Balance -= payment.Amount;
        var receipt = Receipt.For(payment, account, await DocumentNumbers.NextAsync(db, payment.TenantId, DocumentNumbers.Receipt, cancellationToken));
        db.Receipts.Add(receipt);
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
        return receipt;
    }

    /// <summary>The client's contingency fee percentage in force at <paramref name="at"/>: the latest change at or before it, else <paramref name="defaultFeePercent"/>.</summary>
    public static async Task<decimal> FeePercentInForceAsync(PaymentsDbContext db, Guid clientId, DateTimeOffset at, decimal defaultFeePercent, CancellationToken cancellationToken) =>
        await db.ContingencyFeeRates.AsNoTracking()
            .Where(r => r.ClientId == clientId && r.EffectiveFrom <= at)
            .OrderByDescending(r => r.EffectiveFrom)
            .Select(r => (decimal?)r.Percent)
            .FirstOrDefaultAsync(cancellationToken) ?? defaultFeePercent;

    /// <summary>Reverses a posted <paramref name="payment"/>; false (and nothing written) when it was not posted or is already reversed.</summary>
    public static async Task<bool> ReverseAsync(PaymentsDbContext db, Payment payment, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!payment.Reverse(reason, now))
        {
            return false;
        }

        // Exactly the posting's lines and split, whatever the client's rate is now.
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
