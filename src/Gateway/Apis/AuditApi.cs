using Collections.BuildingBlocks.Tenancy;
using Collections.Gateway.Audit;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Apis;

/// <summary>The tenant's audit trail, for compliance officers and admins.</summary>
public static class AuditApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("api/v1/audit").WithTags("Audit").RequireAuthorization(CallerAuthentication.AuditReaderPolicy);
        audit.MapGet("/entries", ListEntries)
            .WithSummary("Search the audit trail")
            .WithDescription("State-changing requests of the tenant, newest first; filter by time range, actor kind, subject and path prefix.");
        audit.MapGet("/verification", Verify)
            .WithSummary("Verify the audit trail")
            .WithDescription("Recomputes the tenant's hash chain and reports the first entry that was altered or removed, if any.");
        return app;
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListEntries(
        GatewayDbContext db,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? actor,
        string? subject,
        string? pathPrefix,
        long? before,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var size = pageSize ?? 100;
        if (size is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = [$"Between 1 and {MaxPageSize}."] });
        }

        var query = db.AuditEntries.AsNoTracking();
        if (from?.ToUniversalTime() is { } f)
        {
            query = query.Where(e => e.At >= f);
        }

        if (to?.ToUniversalTime() is { } t)
        {
            query = query.Where(e => e.At < t);
        }

        if (!string.IsNullOrEmpty(actor))
        {
            query = query.Where(e => e.Actor == actor);
        }

        if (!string.IsNullOrEmpty(subject))
        {
            query = query.Where(e => e.Subject == subject);
        }

        if (!string.IsNullOrEmpty(pathPrefix))
        {
            query = query.Where(e => e.Path.StartsWith(pathPrefix));
        }

        if (before is { } cursor)
        {
            query = query.Where(e => e.Sequence < cursor);
        }

        var entries = await query.OrderByDescending(e => e.Sequence).Take(size)
            .Select(e => new AuditEntryResponse(e.Sequence, e.At, e.Actor, e.Subject, e.Credential, e.Method, e.Path, e.StatusCode, e.RemoteAddress, e.CorrelationId, Convert.ToHexString(e.Hash)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditPage(entries, entries.Count == size ? entries[^1].Sequence : null));
    }

    public static async Task<Ok<ChainVerification>> Verify(AuditTrail trail, TenantContext tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(await trail.VerifyAsync(tenant.RequiredTenantId, cancellationToken));
}

/// <summary>A page of audit entries; pass <paramref name="NextBefore"/> as <c>before</c> for the next page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Entries, long? NextBefore);

/// <summary>One audited request.</summary>
public sealed record AuditEntryResponse(long Sequence, DateTimeOffset At, string Actor, string Subject, string Credential, string Method, string Path, int StatusCode, string RemoteAddress, string CorrelationId, string Hash);
