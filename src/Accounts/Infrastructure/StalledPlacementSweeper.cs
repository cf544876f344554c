using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Accounts.Infrastructure;

/// <summary>Settings of placements (configuration section <c>Placements</c>).</summary>
public sealed class PlacementOptions
{
    /// <summary>
    /// A placement still receiving or processing with no batch committed for this long is taken as
    /// interrupted (the process placing it ended) and marked failed. Longer than a live upload ever
    /// takes to deliver one batch of rows. Default 30 minutes.
    /// </summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often stalled placements are looked for, besides once at start. Default one minute.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Marks placements whose import stopped without an end (the process died mid-file) as failed, at start
/// and then every <see cref="PlacementOptions.SweepInterval"/>, with a reason the client reads. Their
/// counters stay as they are: each batch commits with them, so they tell what is stored. The client
/// re-sends the file; the rows already placed count as unchanged. An import that is in fact still
/// running stops at its next batch (<see cref="PlacementImporter"/> commits a batch only while its
/// placement is receiving or processing).
/// </summary>
public sealed class StalledPlacementSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PlacementOptions> options, ILogger<StalledPlacementSweeper> logger)
    : BackgroundService
{
    /// <summary>The failure reason a stalled placement shows.</summary>
    public static string ReasonFor(TimeSpan stalledAfter) =>
        $"The placement was interrupted: no rows were committed for more than {stalledAfter.TotalMinutes:0.##} minutes after the last progress, so the import had stopped. "
        + "The counters show the rows committed before, which stay placed. Re-send the file: rows already placed count as unchanged.";

    /// <summary>Marks every stalled placement of every tenant failed; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var stalledAfter = options.Value.StalledAfter;
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();

        // Across tenants on purpose: no tenant's request runs here, and the statement changes only the status of stalled placements.
        var swept = await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE placements SET "Status" = 'Failed', "Failure" = {ReasonFor(stalledAfter)}, "FinishedAt" = {now}
            WHERE "Status" IN ('Receiving', 'Processing') AND "LastProgressAt" < {now - stalledAfter}
            """,
            cancellationToken);
        if (swept > 0)
        {
            logger.LogWarning("Marked {Count} placements failed that had no progress for {StalledAfter}", swept, stalledAfter);
        }

        return swept;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Looking for stalled placements failed; trying again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
