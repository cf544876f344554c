namespace Collections.Web.Gateway;

public static class GatewayRegistration
{
    /// <summary>
    /// Typed clients of the gateway (<c>Web:GatewayAddress</c>, <c>http://gateway</c> resolved by service
    /// discovery under the AppHost). The front end calls the services only through it.
    /// </summary>
    public static IServiceCollection AddGatewayApi(this IServiceCollection services, IConfiguration configuration)
    {
        var address = new Uri(configuration["Web:GatewayAddress"] ?? "http://gateway");
        services.AddHttpContextAccessor();
        services.AddTransient<ClientAddressForwarding.Handler>();
        services.AddHttpClient<GatewayAuth>(http => http.BaseAddress = address).AddHttpMessageHandler<ClientAddressForwarding.Handler>();
        services.AddHttpClient<GatewayApi>(http => http.BaseAddress = address);
        services.AddScoped<PortalApi>();
        services.AddScoped<AgentApi>();
        services.AddScoped<AgentWorkState>();
        services.AddScoped<SupervisorApi>();
        return services;
    }
}
