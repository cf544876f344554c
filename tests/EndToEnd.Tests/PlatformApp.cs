using Aspire.Hosting;
using Aspire.Hosting.Testing;

[assembly: AssemblyFixture(typeof(Collections.EndToEnd.Tests.PlatformApp))]

namespace Collections.EndToEnd.Tests;

/// <summary>The whole platform, started once for the assembly from the real AppHost: containers, services and gateway.</summary>
public sealed class PlatformApp : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(5);
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The platform has not started.");

    public async ValueTask InitializeAsync()
    {
        using var startup = new CancellationTokenSource(StartupTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(startup.Token);
        app = await builder.BuildAsync(startup.Token);
        await app.StartAsync(startup.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
    }

    /// <summary>A client of the gateway, the platform's only public entry point.</summary>
    public HttpClient Gateway() => App.CreateHttpClient("gateway");

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
