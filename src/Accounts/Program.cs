using Collections.Accounts.Apis;
using Collections.Accounts.Grpc;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerAuthentication();
builder.AddServiceDatabase<AccountsDbContext>("accountsdb");
builder.AddMessaging<AccountsDbContext>("accounts", bus => bus.AddConsumers(typeof(Program).Assembly));
builder.Services.AddOptions<PlacementOptions>().BindConfiguration("Placements");
builder.Services.AddHostedService<StalledPlacementSweeper>();
builder.Services.AddTenantAwareGrpc();
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCallerAuthentication();
app.MapOpenApi().AllowAnonymous();
app.MapDeadLettersApi("accounts");
app.MapAccountsApi();
app.MapConsumersApi();
app.MapSegmentationApi();
app.MapInternalGrpcService<AccountsGrpcService>();

await app.MigrateDatabaseAsync<AccountsDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
