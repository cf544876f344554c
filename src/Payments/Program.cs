using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Grpc;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;
using Collections.Payments.Apis;
using Collections.Payments.Consumers;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Collections.Payments.Infrastructure.Sandbox;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerAuthentication();
builder.AddServiceDatabase<PaymentsDbContext>("paymentsdb");
builder.AddMessaging<PaymentsDbContext>("payments", bus =>
{
    bus.AddConsumer<AccountPlacedConsumer>();
    bus.AddConsumer<ClientSettingsChangedConsumer>();
});
builder.Services.AddAccountsClient();
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();
builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section);
builder.Services.AddOptions<PaymentPlanOptions>().BindConfiguration(PaymentPlanOptions.Section);
builder.Services.AddOptions<SettlementOptions>().BindConfiguration(SettlementOptions.Section);
builder.Services.AddSingleton<SandboxPaymentProcessor>();
builder.Services.AddSingleton<IPaymentProcessor>(sp => sp.GetRequiredService<SandboxPaymentProcessor>());
builder.Services.AddSingleton<BankAccountNumbers>();
builder.Services.AddSingleton<ChargeReturnWatcher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ChargeReturnWatcher>());
builder.Services.AddHostedService<IdempotencyKeyCleanup>();
builder.Services.AddSingleton<PaymentPlanScheduler>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PaymentPlanScheduler>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCallerAuthentication();
app.MapOpenApi().AllowAnonymous();
app.MapDeadLettersApi("payments");
app.MapAccountsApi();
app.MapPaymentsApi();
app.MapJournalApi();
app.MapPaymentPlansApi();
app.MapSettlementsApi();
app.MapReceiptsApi();
app.MapRemittanceApi();
if (builder.Configuration.GetValue<bool?>(SandboxOptions.EnabledKey) ?? app.Environment.IsDevelopment())
{
    app.MapSandboxApi();
}

await app.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
