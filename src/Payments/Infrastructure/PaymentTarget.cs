using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Infrastructure;

/// <summary>A rule a payment's target breaks, as a problem code, title and detail.</summary>
public sealed record TargetProblem(string Code, string Title, string Detail);

/// <summary>What a manual payment pays besides the balance: a plan's next instalment, a settlement, or nothing.</summary>
public sealed record PaymentTarget(Guid? PaymentPlanId, int? InstalmentNumber, Guid? SettlementId, TargetProblem? Problem)
{
    private static readonly PaymentTarget None = new(null, null, null, null);

    /// <summary>Checks the plan and settlement a payment of <paramref name="amount"/> on <paramref name="account"/> names.</summary>
    public static async Task<PaymentTarget> FindAsync(PaymentsDbContext db, PayableAccount account, Guid? planId, Guid? settlementId, decimal amount, CancellationToken cancellationToken)
    {
        if (planId is null && settlementId is null)
        {
            return None;
        }

        if (planId is { } id)
        {
            var plan = await db.PaymentPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.AccountId == account.AccountId, cancellationToken);
            if (plan is null || plan.Status != PaymentPlanStatus.Active || plan.NextUnpaid is not { } next)
            {
                return Refused("plan-not-payable", "No active plan", "The account has no active payment plan with this id.");
            }

            if (settlementId is not null && settlementId != plan.SettlementId)
            {
                return Refused("settlement-mismatch", "Wrong settlement", "This plan does not pay that settlement.");
            }

            if (amount != next.Amount)
            {
                return Refused("instalment-amount", "Not the instalment's amount", $"Instalment {next.Number} is {next.Amount} {plan.Currency}.");
            }

            if (plan.SettlementId is { } planSettlement
                && !await db.Settlements.AnyAsync(s => s.Id == planSettlement && s.Status == SettlementStatus.Agreed, cancellationToken))
            {
                return Refused("settlement-not-agreed", "Settlement not open", "The settlement this plan pays is no longer open.");
            }

            return new PaymentTarget(plan.Id, next.Number, plan.SettlementId, null);
        }

        var settlement = await db.Settlements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == settlementId && s.AccountId == account.AccountId, cancellationToken);
        if (settlement is null || settlement.Status != SettlementStatus.Agreed)
        {
            return Refused("settlement-not-agreed", "No agreed settlement", "The account has no agreed settlement with this id.");
        }

        return amount > settlement.Remaining
            ? Refused("amount-exceeds-settlement", "Amount exceeds the settlement", $"{settlement.Remaining} {settlement.Currency} is left to pay.")
            : new PaymentTarget(null, null, settlement.Id, null);
    }

    private static PaymentTarget Refused(string code, string title, string detail) => new(null, null, null, new TargetProblem(code, title, detail));
}
