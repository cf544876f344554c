using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Infrastructure;

/// <summary>Issuing remittance statements: what is carried, the journal's remittance entries and the event.</summary>
public static class RemittanceStatements
{
    /// <summary>
    /// Issues the client's statement for <paramref name="period"/> in <paramref name="currency"/>: every
    /// payment posted and every reversal made before the period's end that no statement carried yet.
    /// Call inside a transaction: the statement number's counter row serializes issuing per tenant.
    /// </summary>
    public static async Task<RemittanceStatement> IssueAsync(
        PaymentsDbContext db, Guid tenantId, Guid clientId, string currency, StatementPeriod period, string issuedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var number = await DocumentNumbers.NextAsync(db, tenantId, DocumentNumbers.RemittanceStatement, cancellationToken);
        var items = await UnremittedAsync(db, clientId, currency, period.EndsAt, cancellationToken);
        var statement = RemittanceStatement.Issue(tenantId, clientId, number, currency, period, items, issuedBy, now);
        db.RemittanceStatements.Add(statement);
        db.Journal.AddRange(TrustJournal.Remittance(statement));
        db.AddIntegrationEvent(new RemittanceStatementIssued
        {
            TenantId = tenantId,
            OccurredAt = now,
            StatementId = statement.Id,
            ClientId = clientId,
            PeriodStart = statement.PeriodStart,
            PeriodEnd = statement.PeriodEnd,
            Collected = statement.Collected,
            Reversed = statement.Reversed,
            Fees = statement.Fees,
            NetDue = statement.NetDue,
            Currency = currency,
        });
        return statement;
    }

    private static async Task<List<StatementItem>> UnremittedAsync(PaymentsDbContext db, Guid clientId, string currency, DateTimeOffset before, CancellationToken cancellationToken)
    {
        PaymentStatus[] everPosted = [PaymentStatus.Posted, PaymentStatus.PendingSettlement, PaymentStatus.Reversed];
        var payments = await (
            from payment in db.Payments.AsNoTracking()
            join account in db.Accounts.AsNoTracking() on payment.AccountId equals account.AccountId into accounts
            from account in accounts.DefaultIfEmpty()
            where payment.ClientId == clientId && payment.Currency == currency && everPosted.Contains(payment.Status)
                && ((payment.CreatedAt < before
                        && !db.StatementLines.Any(l => l.PaymentId == payment.Id && l.Kind == StatementLineKind.Payment))
                    || (payment.Status == PaymentStatus.Reversed && payment.ReversedAt < before
                        && !db.StatementLines.Any(l => l.PaymentId == payment.Id && l.Kind == StatementLineKind.Reversal)))
            select new
            {
                payment.Id,
                payment.AccountId,
                ClientReference = account == null ? "" : account.ClientReference,
                payment.Amount,
                payment.CreatedAt,
                payment.Status,
                payment.ReversedAt,
                PaymentCarried = db.StatementLines.Any(l => l.PaymentId == payment.Id && l.Kind == StatementLineKind.Payment),
                ReversalCarried = db.StatementLines.Any(l => l.PaymentId == payment.Id && l.Kind == StatementLineKind.Reversal),
            }).ToListAsync(cancellationToken);

        var ids = payments.Select(p => p.Id).ToList();
        // The split each payment's posting used; its reversal gives back exactly that.
        var fees = await db.Journal.AsNoTracking()
            .Where(e => e.PaymentId != null && ids.Contains(e.PaymentId.Value) && e.Ledger == Ledger.AgencyFeeReceivable && e.Credit > 0m)
            .Select(e => new { PaymentId = e.PaymentId!.Value, Fee = e.Credit, e.FeePercent })
            .ToListAsync(cancellationToken);
        var splits = fees.GroupBy(f => f.PaymentId).ToDictionary(g => g.Key, g => g.First());

        var items = new List<StatementItem>();
        foreach (var payment in payments)
        {
            var split = splits.GetValueOrDefault(payment.Id);
            var fee = split?.Fee ?? 0m;
            var percent = split?.FeePercent ?? (payment.Amount == 0m ? 0m : Math.Round(fee / payment.Amount * 100m, 2));
            if (!payment.PaymentCarried && payment.CreatedAt < before)
            {
                items.Add(new StatementItem(StatementLineKind.Payment, payment.Id, payment.AccountId, payment.ClientReference, payment.CreatedAt, payment.Amount, percent, fee));
            }

            if (!payment.ReversalCarried && payment.Status == PaymentStatus.Reversed && payment.ReversedAt is { } reversedAt && reversedAt < before)
            {
                items.Add(new StatementItem(StatementLineKind.Reversal, payment.Id, payment.AccountId, payment.ClientReference, reversedAt, payment.Amount, percent, fee));
            }
        }

        return items;
    }
}
