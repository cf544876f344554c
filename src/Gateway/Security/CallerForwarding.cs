using Collections.BuildingBlocks.Security;
using Yarp.ReverseProxy.Transforms;

namespace Collections.Gateway.Security;

/// <summary>
/// What the gateway forwards to a service: the caller as a fresh internal token signed with the
/// gateway's key, and never the caller's own credential or any identity header the caller sent.
/// </summary>
public static class CallerForwarding
{
    private static readonly string[] Stripped = [CallerAuthentication.ApiKeyHeader, "Authorization", "Cookie", "x-tenant-id"];

    /// <summary>The web front end keeps its own session cookie and gets no platform identity.</summary>
    private static readonly string[] StrippedForWeb = [CallerAuthentication.ApiKeyHeader, "Authorization", "x-tenant-id"];

    public static IReverseProxyBuilder AddCallerForwarding(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(context => context.AddRequestTransform(transform =>
        {
            var isWeb = context.Route.RouteId == ServiceRoutes.WebRouteId;
            foreach (var header in isWeb ? StrippedForWeb : Stripped)
            {
                transform.ProxyRequest.Headers.Remove(header);
            }

            if (isWeb)
            {
                return ValueTask.CompletedTask;
            }

            var user = transform.HttpContext.User;
            if (user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == CallerClaims.TenantId))
            {
                var issuer = transform.HttpContext.RequestServices.GetRequiredService<InternalTokenIssuer>();
                transform.ProxyRequest.Headers.TryAddWithoutValidation("Authorization", $"Bearer {issuer.Issue(user.Claims)}");
            }

            return ValueTask.CompletedTask;
        }));

    public static IServiceCollection AddInternalTokenIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        var key = InternalTokens.ImportPem(configuration[InternalTokens.PrivateKeyConfigKey] ?? "", InternalTokens.PrivateKeyConfigKey);
        services.AddSingleton(sp => new InternalTokenIssuer(key, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
