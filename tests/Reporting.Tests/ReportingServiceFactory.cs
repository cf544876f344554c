using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Reporting.Tests;

/// <summary>The Reporting service on its own fresh database, fed by the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class ReportingServiceFactory(PlatformContainers containers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string connectionString = "";

    public async ValueTask InitializeAsync() => connectionString = await containers.CreateDatabaseAsync("reporting");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:reportingdb", connectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
        builder.UseSetting(InternalTokens.PublicKeyConfigKey, TestCallers.PublicKeyPem);
        // Published events must find the service's queue already bound.
        builder.ConfigureTestServices(services => services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true));
    }

    public HttpClient ClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Publishes <paramref name="placed"/> as Accounts' outbox would.</summary>
    public Task PublishAsync(AccountPlaced placed) =>
        Services.GetRequiredService<IBus>().Publish(placed, context => context.MessageId = placed.EventId, TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
