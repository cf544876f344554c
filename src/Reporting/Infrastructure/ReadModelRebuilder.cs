using Microsoft.EntityFrameworkCore;

namespace Collections.Reporting.Infrastructure;

/// <summary>
/// Rebuilds one tenant's read model from its event log: empties the tenant's accounts, facts and statements and
/// projects every logged event again, in the order they arrived, a page at a time, in one transaction (the daily
/// aggregates follow by trigger: emptied with the facts and accounts, refilled by the replay). Live projections of the tenant
/// wait for it (the projector holds the tenant's shared lock, the rebuild the exclusive one).
/// </summary>
public sealed class ReadModelRebuilder(ReportingDbContext db, ReadModelProjector projector)
{
    private const int PageSize = 2000;

    /// <summary>Rebuilds <paramref name="tenantId"/>'s projections and returns how many events were replayed.</summary>
    public async Task<long> RebuildAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenantKey = tenantId.ToString();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({tenantKey}, 1))", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM report_facts WHERE tenant_id = {tenantId}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM report_accounts WHERE tenant_id = {tenantId}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM remittance_statements WHERE tenant_id = {tenantId}", cancellationToken);

        long replayed = 0;
        long after = 0;
        while (true)
        {
            var page = await db.EventLog.AsNoTracking()
                .Where(e => e.TenantId == tenantId && e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .Select(e => new { e.Sequence, e.EventType, e.Payload })
                .ToListAsync(cancellationToken);
            await projector.ProjectAsync([.. page.Select(logged => ReadModelProjector.Deserialize(logged.EventType, logged.Payload))], cancellationToken);

            replayed += page.Count;
            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        await transaction.CommitAsync(cancellationToken);
        return replayed;
    }
}

/// <summary>The rebuild's answer.</summary>
/// <param name="EventsReplayed">How many logged events were projected again.</param>
public sealed record RebuildResult(long EventsReplayed);
