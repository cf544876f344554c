using Collections.Gateway;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddReverseProxy()
    .LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters())
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapScalarApiReference("/docs", options =>
{
    options.Title = "Collections Platform API";
    foreach (var service in ServiceRoutes.Services)
    {
        options.AddDocument(service, routePattern: $"/openapi/{service}.json");
    }
});
app.MapReverseProxy();

await app.RunAsync();

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
