using Collections.BuildingBlocks.Tenancy;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Security;

/// <summary>Authorization policies every service knows; finer role rules are checked by the action that owns them.</summary>
public static class CallerPolicies
{
    /// <summary>Staff of the tenant or a client business's key; consumers are refused (403) before the request is even validated.</summary>
    public const string StaffOrClient = "staff-or-client";
}

/// <summary>How a service behind the gateway authenticates its HTTP callers.</summary>
public static class SecurityExtensions
{
    /// <summary>
    /// Every HTTP endpoint requires the gateway's signed caller token naming a tenant, unless it
    /// opts out with <c>AllowAnonymous</c> (health, OpenAPI). The token's tenant becomes the scope's
    /// tenant, so the query filters and write checks apply whatever the endpoint does.
    /// </summary>
    public static TBuilder AddCallerAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var configKey = InternalTokens.PublicKeyConfigKey;
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Caller>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = InternalTokens.ValidationParameters(
                    InternalTokens.ImportPem(builder.Configuration[configKey] ?? "", configKey));
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .RequireClaim(CallerClaims.TenantId)
                .Build())
            .AddPolicy(CallerPolicies.StaffOrClient, policy => policy
                .RequireClaim(CallerClaims.TenantId)
                .RequireClaim(CallerClaims.Actor, ActorKinds.Staff, ActorKinds.Client));
        return builder;
    }

    /// <summary>Authentication, then the tenant from the caller's token, then authorization.</summary>
    public static WebApplication UseCallerAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseTenantFromCaller();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Makes the authenticated caller's tenant the tenant of the request's scope.</summary>
    public static IApplicationBuilder UseTenantFromCaller(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var caller = context.RequestServices.GetRequiredService<Caller>();
        if (caller.IsAuthenticated && caller.TenantId is { } tenantId)
        {
            context.RequestServices.GetRequiredService<TenantContext>().Use(tenantId);
        }

        await next(context);
    });
}
