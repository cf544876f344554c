using Collections.BuildingBlocks.Tenancy;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// Asks the processor, every <see cref="PaymentsOptions.ProcessorPollInterval"/>, what became of
/// charges it approved, and reverses payments whose charge was returned (e.g. an ACH return).
/// </summary>
public sealed class ChargeReturnWatcher(
    IServiceScopeFactory scopes, IPaymentProcessor processor, TimeProvider clock, IOptions<PaymentsOptions> options, ILogger<ChargeReturnWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProcessorPollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Checking the processor for returned charges failed; trying again at the next tick");
            }
        }
    }

    /// <summary>Reverses every payment whose charge the processor reports returned; safe to repeat.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var outcome in await processor.LaterOutcomesAsync(cancellationToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            // The processor's events name no tenant: find the payment across tenants, then act as its tenant.
            var tenantId = await db.Payments.IgnoreQueryFilters()
                .Where(p => p.ProcessorChargeId == outcome.ChargeId)
                .Select(p => (Guid?)p.TenantId)
                .SingleOrDefaultAsync(cancellationToken);
            if (tenantId is null)
            {
                continue;
            }

            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId.Value);
            var payment = await db.Payments.SingleAsync(p => p.ProcessorChargeId == outcome.ChargeId, cancellationToken);
            if (await TrustPostings.ReverseAsync(db, payment, outcome.Reason, clock.GetUtcNow(), cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Payment {PaymentId} reversed: {Reason}", payment.Id, outcome.Reason);
            }
        }
    }
}
