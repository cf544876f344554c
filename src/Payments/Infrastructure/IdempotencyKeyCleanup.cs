using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Infrastructure;

/// <summary>Deletes idempotency keys older than <see cref="PaymentsOptions.IdempotencyKeyRetention"/>, every tenant's.</summary>
public sealed class IdempotencyKeyCleanup(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PaymentsOptions> options, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.IdempotencyCleanupInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Deleting expired idempotency keys failed; trying again at the next tick");
            }
        }
    }

    /// <summary>Deletes the expired keys; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        // Never keep keys less than a day, whatever the configuration says.
        var retention = TimeSpan.FromTicks(Math.Max(options.Value.IdempotencyKeyRetention.Ticks, TimeSpan.FromHours(24).Ticks));
        var cutoff = clock.GetUtcNow() - retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        return await db.IdempotentRequests.IgnoreQueryFilters().Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
