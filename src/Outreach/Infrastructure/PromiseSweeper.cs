using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Outreach.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Outreach.Infrastructure;

/// <summary>
/// Breaks the promises to pay still open at their breaking point (due date plus grace, in the consumer's zone):
/// publishes <see cref="PromiseToPayBroken"/>, counts it against the account (which may escalate it) and re-queues
/// the account. Runs every <see cref="WorkQueueOptions.PromiseSweepInterval"/> on the injected clock.
/// </summary>
public sealed class PromiseSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WorkQueueOptions> options, ILogger<PromiseSweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PromiseSweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Sweeping broken promises failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Breaks every promise due to break at <paramref name="now"/>; returns how many it broke.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(Guid TenantId, Guid AccountId, Guid Id)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OutreachDbContext>();
            due = (await db.Promises.IgnoreQueryFilters().AsNoTracking()
                .Where(p => p.Status == PromiseStatus.Open && p.BreaksAt <= now)
                .OrderBy(p => p.BreaksAt)
                .Take(BatchSize)
                .Select(p => new { p.TenantId, p.AccountId, p.Id })
                .ToListAsync(cancellationToken))
                .Select(p => (p.TenantId, p.AccountId, p.Id))
                .ToList();
        }

        var broken = 0;
        foreach (var tenantPromises in due.GroupBy(p => p.TenantId))
        {
            broken += await BreakAsync(tenantPromises.Key, [.. tenantPromises.Select(p => (p.AccountId, p.Id))], now, cancellationToken);
        }

        return broken;
    }

    private async Task<int> BreakAsync(Guid tenantId, (Guid AccountId, Guid Id)[] promises, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<OutreachDbContext>();
        var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var broken = 0;
        foreach (var (accountId, promiseId) in promises)
        {
            // A payment being counted, or another replica sweeping, goes first; the promise is read after it.
            await db.LockPromisesAsync(accountId, cancellationToken);
            var promise = await db.Promises.SingleOrDefaultAsync(p => p.Id == promiseId, cancellationToken);
            if (promise is null || !promise.BreakIfDue(now))
            {
                continue;
            }

            broken++;
            db.AddIntegrationEvent(new PromiseToPayBroken
            {
                TenantId = tenantId,
                OccurredAt = now,
                PromiseId = promise.Id,
                AccountId = promise.AccountId,
                ClientId = promise.ClientId,
                DueDate = promise.DueDate,
                AmountPaid = promise.AmountPaid,
                Currency = promise.Currency,
            });
            var account = await db.Accounts.FindAsync([promise.AccountId], cancellationToken);
            if (account is not null)
            {
                await queue.PromiseBrokenAsync(account, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (broken > 0)
        {
            logger.LogInformation("Broke {Count} promises to pay of tenant {TenantId}", broken, tenantId);
        }

        return broken;
    }
}
