using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// Every <see cref="PaymentPlanOptions.SchedulerInterval"/>, for every tenant: sends the reminder of
/// instalments falling due soon (once each), charges autopay instalments on their due date (once
/// each, with an idempotency key per instalment), breaks plans with an instalment unpaid past the
/// grace period, and expires settlements left pending or unpaid too long. Safe to run repeatedly and
/// concurrently: each plan is worked on under a row lock.
/// </summary>
public sealed class PaymentPlanScheduler(
    IServiceScopeFactory scopes,
    IPaymentProcessor processor,
    TimeProvider clock,
    IOptions<PaymentPlanOptions> planOptions,
    IOptions<SettlementOptions> settlementOptions,
    IOptions<PaymentsOptions> paymentsOptions,
    ILogger<PaymentPlanScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(planOptions.Value.SchedulerInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Running payment plans and settlements failed; trying again at the next tick");
            }
        }
    }

    /// <summary>One pass over every tenant's active plans and open settlements.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<(Guid TenantId, Guid PlanId)> plans;
        List<Guid> tenantsWithExpiries;
        var now = clock.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            plans = [.. (await db.PaymentPlans.IgnoreQueryFilters().AsNoTracking()
                .Where(p => p.Status == PaymentPlanStatus.Active)
                .Select(p => new { p.TenantId, p.Id })
                .ToListAsync(cancellationToken)).Select(p => (p.TenantId, p.Id))];
            tenantsWithExpiries = await db.Settlements.IgnoreQueryFilters().AsNoTracking()
                .Where(s => s.ExpiresAt != null && s.ExpiresAt <= now)
                .Select(s => s.TenantId).Distinct()
                .ToListAsync(cancellationToken);
        }

        foreach (var (tenantId, planId) in plans)
        {
            try
            {
                await RunPlanAsync(tenantId, planId, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Payment plan {PaymentPlanId} could not be run; trying again at the next tick", planId);
            }
        }

        foreach (var tenantId in tenantsWithExpiries)
        {
            await ExpireSettlementsAsync(tenantId, cancellationToken);
        }
    }

    private async Task RunPlanAsync(Guid tenantId, Guid planId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var options = planOptions.Value;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var accountId = await db.PaymentPlans.Where(p => p.Id == planId).Select(p => p.AccountId).SingleAsync(cancellationToken);
        // The account first, then the plan: the same order as a manual payment, so they cannot deadlock.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM payable_accounts WHERE \"AccountId\" = {accountId} AND \"TenantId\" = {tenantId} FOR UPDATE", cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM payment_plans WHERE \"Id\" = {planId} FOR UPDATE", cancellationToken);
        var plan = await db.PaymentPlans.SingleAsync(p => p.Id == planId, cancellationToken);
        if (plan.Status != PaymentPlanStatus.Active)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var instalment in plan.Instalments.Where(i => i.Status != InstalmentStatus.Paid && i.ReminderSentAt is null
            && i.DueDate.AddDays(-options.ReminderDaysBefore) <= today && today <= i.DueDate).OrderBy(i => i.Number))
        {
            instalment.RemindedAt(now);
            db.AddIntegrationEvent(new PaymentInstalmentDue
            {
                TenantId = plan.TenantId,
                OccurredAt = now,
                PaymentPlanId = plan.Id,
                AccountId = plan.AccountId,
                ClientId = plan.ClientId,
                InstalmentNumber = instalment.Number,
                DueDate = instalment.DueDate,
                Amount = instalment.Amount,
                Currency = plan.Currency,
                Autopay = plan.Autopay,
            });
            db.History.Add(AuditEntry.ForPlan(plan, "reminder-sent", PlanAndSettlementPostings.System, $"Instalment {instalment.Number} due {instalment.DueDate:yyyy-MM-dd}.", now));
        }

        if (plan.Autopay)
        {
            var account = await db.Accounts.SingleAsync(a => a.AccountId == plan.AccountId, cancellationToken);
            foreach (var instalment in plan.Instalments.Where(i => i.Status == InstalmentStatus.Scheduled && i.AutopayChargedAt is null && i.DueDate <= today).OrderBy(i => i.Number).ToList())
            {
                await ChargeAsync(db, plan, instalment, account, now, cancellationToken);
            }
        }

        if (plan.Status == PaymentPlanStatus.Active
            && plan.Instalments.Where(i => i.IsPastGrace(today, options.GraceDays)).MinBy(i => i.Number) is { } missed)
        {
            plan.Break(now);
            db.History.Add(AuditEntry.ForPlan(plan, "broken", PlanAndSettlementPostings.System, $"Instalment {missed.Number} due {missed.DueDate:yyyy-MM-dd} unpaid after the {options.GraceDays}-day grace period.", now));
            db.AddIntegrationEvent(new PaymentPlanBroken
            {
                TenantId = plan.TenantId,
                OccurredAt = now,
                PaymentPlanId = plan.Id,
                AccountId = plan.AccountId,
                ClientId = plan.ClientId,
                MissedDueDate = missed.DueDate,
            });
            if (plan.SettlementId is { } settlementId)
            {
                var settlement = await db.Settlements.SingleAsync(s => s.Id == settlementId, cancellationToken);
                settlement.PlanEnded(now, settlementOptions.Value.AgreedLifetime);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ChargeAsync(PaymentsDbContext db, PaymentPlan plan, Instalment instalment, PayableAccount account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One key per instalment: should saving fail after the charge, the next pass gets the same outcome, not a second charge.
        var key = $"{plan.TenantId:N}:autopay:{plan.Id:N}:{instalment.Number}";
        var outcome = await processor.ChargeAsync(plan.AutopayToken!, instalment.Amount, plan.Currency, key, cancellationToken);
        instalment.AutopayCharged(now);
        var payment = Payment.From(account, instalment.Amount, plan.AutopayMethod!.Value, plan.AutopayToken!, outcome, now);
        payment.Towards(plan.Id, instalment.Number, plan.SettlementId);
        if (outcome is ChargeDeclined declined)
        {
            db.Payments.Add(payment);
            await PlanAndSettlementPostings.FailedAsync(db, payment, $"declined ({declined.DeclineCode})", now, cancellationToken);
            logger.LogInformation("Autopay of instalment {Number} of plan {PaymentPlanId} declined: {DeclineCode}", instalment.Number, plan.Id, declined.DeclineCode);
            return;
        }

        await TrustPostings.PostAsync(db, account, payment, paymentsOptions.Value.ContingencyFeePercent, now, "autopay", cancellationToken);
        await PlanAndSettlementPostings.PostedAsync(db, payment, PlanAndSettlementPostings.System, now, cancellationToken);
    }

    private async Task ExpireSettlementsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Settlements
            .Where(s => s.ExpiresAt != null && s.ExpiresAt <= now && (s.Status == SettlementStatus.Pending || s.Status == SettlementStatus.Agreed))
            .ToListAsync(cancellationToken);
        foreach (var settlement in due)
        {
            var reason = settlement.Status == SettlementStatus.Pending
                ? $"Not decided by the {settlement.RequiredApprover.ToString().ToLowerInvariant()} in time."
                : "Agreed but not paid in time.";
            settlement.Expire();
            db.History.Add(AuditEntry.ForSettlement(settlement, "expired", PlanAndSettlementPostings.System, reason, now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
