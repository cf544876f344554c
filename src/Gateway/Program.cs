using System.Text.Json.Serialization;
using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Grpc;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.Gateway;
using Collections.Gateway.Apis;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Proxy;
using Collections.Gateway.Security;
using Collections.Gateway.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<GatewayDbContext>("gatewaydb");
builder.AddMessaging<GatewayDbContext>("gateway", bus => bus.AddWebhookConsumers());
builder.AddWebhooks();
builder.Services.AddGatewaySecurity(builder.Configuration);
builder.Services.AddAccountsClient();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();
builder.Services.AddGatewayApiExamples();
builder.Services.AddReverseProxy()
    .LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters())
    .AddServiceDiscoveryDestinationResolver()
    .AddCallerForwarding()
    .AddIdempotentRetries();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewaySecurity();
app.MapOpenApi().AllowAnonymous();
app.MapApiReference();
app.MapAuthApi();
app.MapPlatformApi();
app.MapAdminApi();
app.MapAuditApi();
app.MapWebhooksApi();
app.MapGet("/", () => Results.Redirect($"{ServiceRoutes.WebPathBase}/")).ExcludeFromDescription().AllowAnonymous();
app.MapReverseProxy();

await app.MigrateDatabaseAsync<GatewayDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
