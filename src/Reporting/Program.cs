using Collections.BuildingBlocks;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;
using Collections.Reporting.Apis;
using Collections.Reporting.Consumers;
using Collections.Reporting.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerAuthentication();
builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
builder.AddMessaging<ReportingDbContext>(
    "reporting",
    bus => bus.AddConsumer<EventProjectionConsumer>(typeof(EventProjectionConsumerDefinition)),
    inbox => inbox.Add<EventProjectionConsumer>());
builder.Services.AddScoped<ReadModelProjector>();
builder.Services.AddOptions<ProjectionBatchOptions>().BindConfiguration("Reporting:Projection");
builder.Services.AddSingleton<ProjectionBatcher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionBatcher>());
builder.Services.AddScoped<ReadModelRebuilder>();
builder.Services.AddScoped<KpiQueries>();
builder.Services.AddValidation();
builder.Services.AddServiceOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCallerAuthentication();
app.MapOpenApi().AllowAnonymous();
app.MapDeadLettersApi("reporting");
app.MapPortfolioApi();
app.MapKpiApi();
app.MapClientReportsApi();
app.MapReadModelAdminApi();

await app.MigrateDatabaseAsync<ReportingDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
