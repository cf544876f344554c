using Collections.BuildingBlocks.Tenancy;
using Collections.Disputes.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Disputes.Infrastructure;

/// <summary>
/// Escalates to the supervisors, once, every complaint whose first response or close deadline is within
/// <see cref="ComplaintOptions.EscalationLeadTime"/> (or already past): at start and then every
/// <see cref="ComplaintOptions.SweepInterval"/>. The escalation is a line in the complaint's history.
/// </summary>
public sealed class ComplaintEscalationSweeper(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<DisputesOptions> options, ILogger<ComplaintEscalationSweeper> logger) : BackgroundService
{
    /// <summary>How the sweeper appears in the history.</summary>
    public static readonly Actor Sweeper = new("complaint-escalation-sweeper", "system");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Complaints.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Escalating complaints failed; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Escalates every complaint that is due; returns how many. Safe to run concurrently and to repeat.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lead = options.Value.Complaints.EscalationLeadTime;
        var threshold = now + lead;
        List<(Guid TenantId, Guid Id)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Every tenant's complaints are swept; each is then changed as its own tenant.
            var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
            var rows = await db.Complaints.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.Status != ComplaintStatus.Closed && c.EscalatedAt == null
                    && ((c.FirstRespondedAt == null && c.FirstResponseDue <= threshold) || c.CloseDue <= threshold))
                .Select(c => new { c.TenantId, c.Id })
                .ToListAsync(cancellationToken);
            due = [.. rows.Select(r => (r.TenantId, r.Id))];
        }

        var escalated = 0;
        foreach (var (tenantId, id) in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
            var complaint = await db.Complaints.SingleAsync(c => c.Id == id, cancellationToken);
            if (!complaint.ShouldEscalate(now, lead))
            {
                continue;
            }

            var why = complaint.FirstRespondedAt is null && complaint.FirstResponseDue <= threshold
                ? $"first response due {complaint.FirstResponseDue:u}"
                : $"close due {complaint.CloseDue:u}";
            db.CaseHistory.Add(complaint.Escalate($"to the supervisors: {why}", Sweeper, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                escalated++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile (by staff or another sweep); the next sweep looks at it again.
            }
        }

        if (escalated > 0)
        {
            logger.LogInformation("Escalated {Count} complaints to the supervisors", escalated);
        }

        return escalated;
    }
}
