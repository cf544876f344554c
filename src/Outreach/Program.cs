using System.Text.Json.Serialization;
using Collections.Outreach.Apis;
using Collections.Outreach.Compliance;
using Collections.Outreach.Consumers;
using Collections.Outreach.Infrastructure;
using Collections.Outreach.Strategies;
using Collections.BuildingBlocks.Grpc;
using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerAuthentication();
builder.AddServiceDatabase<OutreachDbContext>("outreachdb");
builder.AddMessaging<OutreachDbContext>("outreach", bus =>
{
    bus.AddConsumer<AccountPlacedConsumer>();
    bus.AddConsumer<AccountHoldChangedConsumer>();
    bus.AddConsumer<AccountRecalledConsumer>();
    bus.AddConsumer<AccountStatusChangedConsumer>();
    bus.AddConsumer<AccountSegmentedConsumer>();
    bus.AddConsumer<AccountBalanceChangedConsumer>();
    bus.AddConsumer<PaymentPostedConsumer>();
    bus.AddConsumer<PaymentReversedConsumer>();
    bus.AddConsumer<PaymentPlanBrokenConsumer>();
    bus.AddConsumer<PaymentInstalmentDueConsumer>();
});
builder.Services.AddSingleton<ContactPolicy>();
builder.Services.AddWorkQueue(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddAccountsClient();
builder.AddContactStrategies();
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCallerAuthentication();
app.MapOpenApi().AllowAnonymous();
app.MapDeadLettersApi("outreach");
app.MapAccountsApi();
app.MapContactsApi();
app.MapWorkQueueApi();
app.MapPromisesApi();
app.MapStrategiesApi();
app.MapMessagesApi();

await app.MigrateDatabaseAsync<OutreachDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
