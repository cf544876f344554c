using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// What a posted or reversed payment does to the plan instalment and the settlement it pays, with
/// their history lines and events, saved by the caller's one <c>SaveChanges</c>.
/// </summary>
public static class PlanAndSettlementPostings
{
    /// <summary>The actor of changes made by the scheduler and the processor's later outcomes.</summary>
    public const string System = "system";

    /// <summary>Counts a posted <paramref name="payment"/> against its instalment and settlement.</summary>
    public static async Task PostedAsync(PaymentsDbContext db, Payment payment, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (payment.PaymentPlanId is { } planId && payment.InstalmentNumber is { } number)
        {
            var plan = await db.PaymentPlans.SingleAsync(p => p.Id == planId, cancellationToken);
            var instalment = plan.Instalments.Single(i => i.Number == number);
            plan.Pay(instalment, payment.Id, now);
            db.History.Add(AuditEntry.ForPlan(plan, "instalment-paid", actor, $"Instalment {number} of {instalment.Amount} {plan.Currency} paid by payment {payment.Id}.", now));
            if (plan.Status == PaymentPlanStatus.Completed)
            {
                db.History.Add(AuditEntry.ForPlan(plan, "completed", actor, "Every instalment paid.", now));
            }
        }

        if (payment.SettlementId is { } settlementId)
        {
            var settlement = await db.Settlements.SingleAsync(s => s.Id == settlementId, cancellationToken);
            if (settlement.RecordPayment(payment.Amount, now))
            {
                db.History.Add(AuditEntry.ForSettlement(settlement, "fulfilled", actor, $"Paid in full by payment {payment.Id}.", now));
                db.AddIntegrationEvent(new SettlementFulfilled
                {
                    TenantId = settlement.TenantId,
                    OccurredAt = now,
                    SettlementId = settlement.Id,
                    AccountId = settlement.AccountId,
                    ClientId = settlement.ClientId,
                    SettledAmount = settlement.Amount,
                    Currency = settlement.Currency,
                });
            }
            else
            {
                db.History.Add(AuditEntry.ForSettlement(settlement, "payment-received", actor, $"Payment {payment.Id} of {payment.Amount} {payment.Currency}; {settlement.Remaining} left.", now));
            }
        }
    }

    /// <summary>
    /// A payment of an instalment failed (declined) or was taken back (ACH return, chargeback): the
    /// instalment is missed and its grace period starts again from today.
    /// </summary>
    public static async Task FailedAsync(PaymentsDbContext db, Payment payment, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (payment.PaymentPlanId is { } planId && payment.InstalmentNumber is { } number)
        {
            var plan = await db.PaymentPlans.SingleAsync(p => p.Id == planId, cancellationToken);
            var instalment = plan.Instalments.Single(i => i.Number == number);
            if (instalment.Status != InstalmentStatus.Paid || instalment.PaymentId == payment.Id)
            {
                plan.Missed(instalment, DateOnly.FromDateTime(now.UtcDateTime));
                db.History.Add(AuditEntry.ForPlan(plan, "instalment-missed", System, $"Instalment {number}: payment {payment.Id} {reason}.", now));
            }
        }

        if (payment.SettlementId is { } settlementId && payment.Status == PaymentStatus.Reversed)
        {
            var settlement = await db.Settlements.SingleAsync(s => s.Id == settlementId, cancellationToken);
            settlement.RecordReversal(payment.Amount);
            db.History.Add(AuditEntry.ForSettlement(settlement, "payment-reversed", System, $"Payment {payment.Id} reversed: {reason}.", now));
        }
    }
}
