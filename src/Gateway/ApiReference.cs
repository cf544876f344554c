using Scalar.AspNetCore;

namespace Collections.Gateway;

/// <summary>The browsable API reference at <c>/docs</c>: the gateway's own API and every service's.</summary>
public static class ApiReference
{
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options =>
        {
            options.Title = "Collections Platform API";
            options.AddDocument("gateway", "Sign-in, tenants, administration and audit", routePattern: "/openapi/v1.json");
            foreach (var service in ServiceRoutes.Services)
            {
                options.AddDocument(service, routePattern: $"/openapi/{service}.json");
            }
        }).AllowAnonymous();
        return app;
    }
}
