using Collections.BuildingBlocks.Security;
using Collections.Gateway.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Audit;

/// <summary>Appends entries to a tenant's hash chain, one writer per tenant at a time.</summary>
public sealed class AuditTrail(GatewayDbContext db)
{
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Serializes appends to one chain across gateway instances; released at commit.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"audit:" + record.TenantId}, 0))", cancellationToken);
        var last = await db.AuditEntries.IgnoreQueryFilters()
            .Where(e => e.TenantId == record.TenantId)
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);

        db.AuditEntries.Add(AuditEntry.Append(record, (last?.Sequence ?? 0) + 1, last?.Hash ?? []));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Recomputes the tenant's chain; the first entry whose hash or link does not hold, if any.</summary>
    public async Task<ChainVerification> VerifyAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var previous = Array.Empty<byte>();
        long count = 0;
        await foreach (var entry in db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == tenantId).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.Sequence != count || !entry.PreviousHash.AsSpan().SequenceEqual(previous) || !entry.ComputeHash().AsSpan().SequenceEqual(entry.Hash))
            {
                return new ChainVerification(false, count - 1, entry.Sequence);
            }

            previous = entry.Hash;
        }

        return new ChainVerification(true, count, null);
    }
}

/// <summary>The result of checking a chain: how many entries verified, and where it broke.</summary>
public sealed record ChainVerification(bool Intact, long VerifiedEntries, long? FirstBrokenSequence);

/// <summary>Records every state-changing request after it was answered, whatever the outcome.</summary>
public sealed class AuditMiddleware(RequestDelegate next, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, IServiceScopeFactory scopes, TimeProvider clock)
    {
        // The web front end's own requests (form posts, its circuit) change nothing themselves: what its
        // users do reaches the services through /api/v1 and is recorded there.
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || context.Request.Path.StartsWithSegments(ServiceRoutes.WebPathBase, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            var user = context.User;
            var record = new AuditRecord(
                Guid.TryParse(user.FindFirst(CallerClaims.TenantId)?.Value, out var tenantId) ? tenantId : AuditEntry.PlatformChain,
                clock.GetUtcNow(),
                user.FindFirst(CallerClaims.Actor)?.Value ?? "anonymous",
                user.FindFirst(CallerClaims.Subject)?.Value ?? "",
                user.FindFirst(CallerClaims.Credential)?.Value ?? "",
                context.Request.Method,
                Truncate(context.Request.Path.Value ?? "", 400),
                context.Response.StatusCode,
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                Truncate(context.Response.Headers["X-Correlation-Id"].ToString(), 128));
            logger.LogInformation(
                "{Method} {Path} by {Actor} {Subject} ({Credential}) from {RemoteAddress}: {StatusCode}",
                record.Method, record.Path, record.Actor, record.Subject, record.Credential, record.RemoteAddress, record.StatusCode);
            try
            {
                // A scope of its own: the request's database context may hold changes that failed to save.
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(record, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException)
            {
                logger.LogError(ex, "Could not write the audit entry for {Method} {Path} ({Status})", record.Method, record.Path, record.StatusCode);
            }
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
