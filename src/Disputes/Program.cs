using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Grpc;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;
using Collections.Disputes;
using Collections.Disputes.Apis;
using Collections.Disputes.Consumers;
using Collections.Disputes.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerAuthentication();
builder.AddServiceDatabase<DisputesDbContext>("disputesdb");
builder.AddMessaging<DisputesDbContext>("disputes", bus => bus.AddConsumer<AccountPlacedConsumer>());
builder.Services.AddAccountsClient();
builder.Services.AddOptions<DisputesOptions>().BindConfiguration(DisputesOptions.Section);
builder.Services.AddSingleton<ComplaintEscalationSweeper>();
builder.Services.AddHostedService(services => services.GetRequiredService<ComplaintEscalationSweeper>());
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCallerAuthentication();
app.MapOpenApi().AllowAnonymous();
app.MapDeadLettersApi("disputes");
app.MapAccountsApi();
app.MapValidationNoticesApi();
app.MapDisputesApi();
app.MapConsumerRequestsApi();
app.MapVerificationApi();
app.MapComplaintsApi();
app.MapAttachmentsApi();

await app.MigrateDatabaseAsync<DisputesDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
