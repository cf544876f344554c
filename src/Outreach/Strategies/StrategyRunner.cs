using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Outreach.Strategies;

/// <summary>Settings of the daily strategy run and the dispatcher (<c>Outreach:Strategy</c>).</summary>
public sealed class StrategySettings
{
    /// <summary>The zone whose calendar date is the business date (the tenant's call-center day).</summary>
    public string BusinessTimeZone { get; set; } = "America/New_York";

    /// <summary>Local time of day from which the daily run starts.</summary>
    public TimeOnly DailyRunAt { get; set; } = new(6, 0);

    /// <summary>Whether the background services trigger runs and send due messages (tests drive them directly).</summary>
    public bool BackgroundEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Starts strategy runs in the background, one at a time per tenant and date in this process.</summary>
public sealed class StrategyRunner(IServiceScopeFactory scopes, ILogger<StrategyRunner> logger)
{
    private readonly Dictionary<(Guid, DateOnly), Task> running = [];
    private readonly Lock gate = new();

    /// <summary>Starts the run unless it is already running here; <paramref name="again"/> re-runs a completed one.</summary>
    public bool Start(Guid tenantId, DateOnly businessDate, bool again)
    {
        var key = (tenantId, businessDate);
        lock (gate)
        {
            if (running.ContainsKey(key))
            {
                return false;
            }

            // The task removes itself under the same lock, so it cannot finish before it is registered.
            running[key] = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(tenantId, businessDate, again, CancellationToken.None);
                }
                catch (Exception failure)
                {
                    logger.LogError(failure, "The strategy run of {BusinessDate} could not run", businessDate);
                }
                finally
                {
                    lock (gate)
                    {
                        running.Remove(key);
                    }
                }
            });
            return true;
        }
    }

    /// <summary>Whether this instance is running the tenant's run of that date (it may not have stored its row yet).</summary>
    public bool IsRunning(Guid tenantId, DateOnly businessDate)
    {
        lock (gate)
        {
            return running.ContainsKey((tenantId, businessDate));
        }
    }

    public async Task RunAsync(Guid tenantId, DateOnly businessDate, bool again, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        await scope.ServiceProvider.GetRequiredService<DailyStrategyRun>().RunAsync(businessDate, again, cancellationToken);
    }
}

/// <summary>
/// Triggers every tenant's run once a day (for tenants with a strategy), resumes runs a restart interrupted, and sends
/// due messages.
/// </summary>
public sealed class StrategyScheduler(
    IServiceScopeFactory scopes, StrategyRunner runner, IOptions<StrategySettings> options, TimeProvider clock, ILogger<StrategyScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.BackgroundEnabled)
        {
            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessTimeZone);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(zone, settings, stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "The strategy scheduler's tick failed");
            }

            await Task.Delay(settings.PollInterval, clock, stoppingToken);
        }
    }

    private async Task TickAsync(TimeZoneInfo zone, StrategySettings settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        List<Guid> tenants;
        List<Guid> dueTenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OutreachDbContext>();
            tenants = await db.Strategies.IgnoreQueryFilters().Select(s => s.TenantId).Distinct().ToListAsync(cancellationToken);
            var done = await db.StrategyRuns.IgnoreQueryFilters().Where(r => r.BusinessDate == today && r.State == Domain.StrategyRunState.Completed).Select(r => r.TenantId).ToListAsync(cancellationToken);
            tenants = [.. tenants.Except(done)];
            dueTenants = await db.PlannedContacts.IgnoreQueryFilters().Where(p => p.State == Domain.PlannedContactState.Scheduled && p.ScheduledAt <= now).Select(p => p.TenantId).Distinct().ToListAsync(cancellationToken);
        }

        if (TimeOnly.FromDateTime(local.DateTime) >= settings.DailyRunAt)
        {
            foreach (var tenantId in tenants)
            {
                runner.Start(tenantId, today, again: false);
            }
        }

        foreach (var tenantId in dueTenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
            var dispatcher = scope.ServiceProvider.GetRequiredService<MessageDispatcher>();
            while (await dispatcher.DispatchDueAsync(now, 200, cancellationToken) == 200)
            {
            }
        }
    }
}
