using Collections.BuildingBlocks.Security;
using Collections.Reporting.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collections.Reporting.Apis;

/// <summary>Maintenance of the caller's tenant's read model.</summary>
public static class ReadModelAdminApi
{
    public static IEndpointRouteBuilder MapReadModelAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/reporting/admin").WithTags("Reporting administration")
            .MapPost("/rebuild", Rebuild)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Rebuild the read model from the event log")
            .WithDescription("Empties the tenant's projections and replays its event log in arrival order; KPIs afterwards equal those before. Tenant admins only.");
        return app;
    }

    /// <summary>Rebuilds the caller's tenant's projections.</summary>
    public static async Task<Ok<RebuildResult>> Rebuild(Caller caller, ReadModelRebuilder rebuilder, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var replayed = await rebuilder.RebuildAsync(caller.TenantId!.Value, cancellationToken);
        return TypedResults.Ok(new RebuildResult(replayed));
    }
}
