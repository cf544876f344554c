using Collections.Payments.Apis;
using Collections.Payments.Consumers;
using Collections.Payments.Infrastructure;
using Collections.BuildingBlocks.Grpc;
using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerAuthentication();
builder.AddServiceDatabase<PaymentsDbContext>("paymentsdb");
builder.AddMessaging<PaymentsDbContext>("payments", bus => bus.AddConsumer<AccountPlacedConsumer>());
builder.Services.AddAccountsClient();
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCallerAuthentication();
app.MapOpenApi().AllowAnonymous();
app.MapAccountsApi();

await app.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
