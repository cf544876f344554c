using Collections.BuildingBlocks.Security;
using Collections.Gateway.Audit;

namespace Collections.Gateway.Security;

/// <summary>The gateway's security pipeline, registered and used in one place so the order stays right.</summary>
public static class GatewaySecurity
{
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<Caller>();
        services.AddScoped<AuditTrail>();
        services.AddGatewayAuthentication();
        services.AddInternalTokenIssuer(configuration);
        services.AddGatewayRateLimits();
        return services;
    }

    /// <summary>
    /// Who is calling, then the audit record of what they change (so refused attempts are recorded
    /// too), then per-credential rate limits, then what they may do.
    /// </summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseTenantFromCaller();
        app.UseMiddleware<AuditMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
