using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Collections.BuildingBlocks.Security;
using Collections.Gateway.Identity;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Apis;

/// <summary>The platform operator's API: onboarding and offboarding tenants.</summary>
public static partial class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/platform/tenants").WithTags("Platform").RequireAuthorization(CallerAuthentication.PlatformPolicy);
        api.MapPost("/", OnboardTenant)
            .WithSummary("Onboard a tenant")
            .WithDescription("Creates an agency or a creditor's in-house department as a tenant, with its first admin user.");
        api.MapGet("/", ListTenants).WithSummary("List tenants");
        api.MapGet("/{tenantId:guid}", GetTenant).WithSummary("Get a tenant");
        api.MapPost("/{tenantId:guid}/offboard", OffboardTenant)
            .WithSummary("Offboard a tenant")
            .WithDescription("Disables every credential of the tenant at once: users, API keys, refresh tokens and portal sessions.");
        return app;
    }

    public static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> OnboardTenant(
        OnboardTenantRequest request, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var slug = request.Slug.Trim().ToLowerInvariant();
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Slug taken", detail: $"A tenant with slug '{slug}' exists.", type: "https://collections.example/problems/tenant-slug-taken");
        }

        var now = clock.GetUtcNow();
        var tenant = Tenant.Onboard(slug, request.Name.Trim(), request.Kind, request.RateLimits ?? RateLimits.Default, now);
        var admin = StaffUser.Create(tenant.Id, request.Admin.Email, request.Admin.DisplayName, [Roles.Admin], PasswordHasher.Hash(request.Admin.Password), now);
        db.Tenants.Add(tenant);
        db.Users.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/platform/tenants/{tenant.Id}", TenantResponse.From(tenant, admin.Id));
    }

    public static async Task<Ok<TenantResponse[]>> ListTenants(GatewayDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Tenants.AsNoTracking().OrderBy(t => t.Slug).ToListAsync(cancellationToken)).Select(t => TenantResponse.From(t, null)).ToArray());

    public static async Task<Results<Ok<TenantResponse>, NotFound>> GetTenant(Guid tenantId, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken) is { } tenant
            ? TypedResults.Ok(TenantResponse.From(tenant, null))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<TenantResponse>, NotFound>> OffboardTenant(Guid tenantId, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        tenant.Offboard(now);

        // Tokens and keys already fail because the tenant is inactive; revoking them too keeps them
        // dead should the tenant ever be reactivated.
        await db.ApiKeys.IgnoreQueryFilters().Where(k => k.TenantId == tenantId && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, now), cancellationToken);
        await db.RefreshTokens.Where(r => r.TenantId == tenantId && r.RevokedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.RevokedAt, now), cancellationToken);
        await db.Users.IgnoreQueryFilters().Where(u => u.TenantId == tenantId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TenantResponse.From(tenant, null));
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")]
    internal static partial Regex SlugPattern();
}

/// <summary>A tenant to onboard.</summary>
/// <param name="Slug">Lower-case letters, digits and hyphens (3–63); staff and consumers sign in with it.</param>
/// <param name="Name">Display name, e.g. "Northwind Recovery LLC".</param>
/// <param name="Kind">Agency or Creditor (an in-house department).</param>
/// <param name="Admin">The tenant's first admin user.</param>
/// <param name="RateLimits">Requests per minute per API key, consumer session and staff user; defaults 600/60/1200.</param>
public sealed record OnboardTenantRequest(
    [property: Required] string Slug,
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    TenantKind Kind,
    [property: Required] NewUserRequest Admin,
    RateLimits? RateLimits)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Slug is null || !PlatformApi.SlugPattern().IsMatch(Slug.Trim().ToLowerInvariant()))
        {
            errors["slug"] = ["3 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen."];
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors["name"] = ["Required, at most 200 characters."];
        }

        if (!Enum.IsDefined(Kind))
        {
            errors["kind"] = ["Agency or Creditor."];
        }

        if (Admin is null)
        {
            errors["admin"] = ["Required."];
        }
        else
        {
            foreach (var (field, messages) in Admin.Validate(requireRoles: false))
            {
                errors[$"admin.{field}"] = messages;
            }
        }

        if (RateLimits is { } limits)
        {
            foreach (var (field, messages) in RateLimitsRequest.Check(limits))
            {
                errors[$"rateLimits.{field}"] = messages;
            }
        }

        return errors;
    }
}

/// <summary>A tenant as the platform API shows it.</summary>
public sealed record TenantResponse(Guid Id, string Slug, string Name, string Kind, string Status, RateLimits RateLimits, DateTimeOffset CreatedAt, DateTimeOffset? OffboardedAt, Guid? AdminUserId)
{
    public static TenantResponse From(Tenant tenant, Guid? adminUserId) =>
        new(tenant.Id, tenant.Slug, tenant.Name, tenant.Kind.ToString(), tenant.Status.ToString(), tenant.RateLimits, tenant.CreatedAt, tenant.OffboardedAt, adminUserId);
}
