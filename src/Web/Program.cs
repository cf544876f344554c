using Collections.Web;
using Collections.Web.Components;
using Collections.Web.Gateway;
using Collections.Web.Session;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddWebLocalization();
builder.Services.AddWebSession();
builder.Services.AddGatewayApi(builder.Configuration);

var app = builder.Build();

// The browser's address, as the gateway saw it, for the sign-in calls that pass it on.
app.UseClientAddressFromGateway();

// Served by the gateway under /app (the gateway forwards the path as it is); also reachable directly.
var pathBase = app.Configuration["Web:PathBase"];
if (!string.IsNullOrEmpty(pathBase))
{
    app.UsePathBase(pathBase);
}

// Routing after the path base is taken off (otherwise it would be added first and see /app/…).
app.UseRouting();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapHealthChecks("/alive").AllowAnonymous();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapSessionEndpoints();
app.MapCultureEndpoint();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
