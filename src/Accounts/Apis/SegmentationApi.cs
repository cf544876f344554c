using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Apis;

/// <summary>A tenant's segmentation settings: band limits and the weights of the propensity-to-pay score.</summary>
public static class SegmentationApi
{
    public static IEndpointRouteBuilder MapSegmentationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accounts/segmentation").WithTags("Segmentation");
        api.MapGet("/settings", GetSettings)
            .WithSummary("Read the segmentation settings")
            .WithDescription("The tenant's band limits and score weights, or the defaults when the tenant has not set its own. Open to staff with the admin, supervisor or compliance-officer role.");
        api.MapPut("/settings", SetSettings)
            .WithSummary("Set the segmentation settings")
            .WithDescription("Replaces the tenant's band limits and score weights (admin role). Accounts are re-segmented with them when their inputs next change (placement, payment, hold, contact).");
        return app;
    }

    /// <summary>The tenant's settings or the defaults.</summary>
    public static async Task<Ok<SegmentationSettingsResponse>> GetSettings(Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin, Roles.Supervisor, Roles.ComplianceOfficer);
        var policy = await db.SegmentationPolicies.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(SegmentationSettingsResponse.Of(policy));
    }

    /// <summary>Replaces the tenant's settings.</summary>
    public static async Task<Results<Ok<SegmentationSettingsResponse>, ValidationProblem>> SetSettings(
        SegmentationSettings settings, Caller caller, AccountsDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var errors = settings.Problems();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var context = ChangeContexts.By(caller, clock, "segmentation settings");
        var policy = await db.SegmentationPolicies.SingleOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            policy = SegmentationPolicy.For(tenant.RequiredTenantId, settings, context);
            db.SegmentationPolicies.Add(policy);
        }
        else
        {
            policy.Change(settings, context);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "settings-changed", "Settings changed meanwhile", "Another admin set the settings at the same time; read them and send yours again.");
        }

        return TypedResults.Ok(SegmentationSettingsResponse.Of(policy));
    }
}

/// <summary>A tenant's segmentation settings and where they come from.</summary>
/// <param name="Settings">Band limits and score weights in use.</param>
/// <param name="IsDefault">True when the tenant has not set its own.</param>
/// <param name="UpdatedAt">When an admin last set them; null for the defaults.</param>
/// <param name="UpdatedBy">Who set them; null for the defaults.</param>
public sealed record SegmentationSettingsResponse(SegmentationSettings Settings, bool IsDefault, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    internal static SegmentationSettingsResponse Of(SegmentationPolicy? policy) => policy is null
        ? new(SegmentationSettings.Default, true, null, null)
        : new(policy.Settings, false, policy.UpdatedAt, policy.UpdatedBy);
}
