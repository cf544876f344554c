using Collections.BuildingBlocks.Security;
using Collections.Reporting.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Reporting.Apis;

/// <summary>The tenant's portfolio at a glance.</summary>
public static class PortfolioApi
{
    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/reporting").WithTags("Portfolio")
            .MapGet("/portfolio", GetPortfolio)
            .WithSummary("Accounts placed and their placed balance")
            .WithDescription("How many accounts the tenant has been placed and their total balance at placement, per currency. Staff see the whole tenant, a client's key only its client's accounts; consumers are refused (403).");
        return app;
    }

    /// <summary>Counts and sums the placements the caller may see, per currency: a client's key only its client's.</summary>
    public static async Task<Ok<PortfolioResponse>> GetPortfolio(ReportingDbContext db, Caller caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireActor(ActorKinds.Staff, ActorKinds.Client);
        var byCurrency = await db.Accounts.AsNoTracking().VisibleTo(caller)
            .Where(a => a.PlacedAt != null)
            .GroupBy(a => a.Currency!)
            .OrderBy(g => g.Key)
            .Select(g => new PlacedBalance(g.Key, g.Count(), g.Sum(a => a.PlacedBalance ?? 0m), g.Max(a => a.ProjectedAt)))
            .ToListAsync(cancellationToken);

        var lastProjectedAt = byCurrency.Count == 0 ? (DateTimeOffset?)null : byCurrency.Max(b => b.LastProjectedAt);
        return TypedResults.Ok(new PortfolioResponse(byCurrency.Sum(b => b.Accounts), byCurrency, lastProjectedAt, clock.GetUtcNow()));
    }
}

/// <summary>The tenant's placements, or a client's share of them.</summary>
/// <param name="Accounts">Accounts placed, all currencies.</param>
/// <param name="PlacedBalances">Count and total placed balance per currency; amounts of different currencies are never added.</param>
/// <param name="LastEventProjectedAt">When the newest event behind this answer was projected.</param>
/// <param name="AnsweredAt">When this answer was computed.</param>
public sealed record PortfolioResponse(int Accounts, IReadOnlyList<PlacedBalance> PlacedBalances, DateTimeOffset? LastEventProjectedAt, DateTimeOffset AnsweredAt);

/// <summary>Placements in one currency.</summary>
public sealed record PlacedBalance(string Currency, int Accounts, decimal Amount, DateTimeOffset LastProjectedAt);
