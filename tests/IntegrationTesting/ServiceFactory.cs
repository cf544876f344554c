using Collections.BuildingBlocks.Security;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Collections.IntegrationTesting;

/// <summary>
/// A service under test on its own fresh database and the real broker, trusting <see cref="TestCallers"/>.
/// Subclasses add what their service needs beyond that in <see cref="ConfigureService"/>.
/// </summary>
/// <param name="containers">The assembly's PostgreSQL and RabbitMQ.</param>
/// <param name="database">Name of the service's database, e.g. "outreach"; its connection string is <c>{database}db</c>.</param>
public abstract class ServiceFactory<TEntryPoint>(PlatformContainers containers, string database) : WebApplicationFactory<TEntryPoint>, IAsyncLifetime
    where TEntryPoint : class
{
    private string connectionString = "";

    public async ValueTask InitializeAsync() => connectionString = await containers.CreateDatabaseAsync(database);

    /// <summary>A client whose requests carry <paramref name="token"/> as the gateway would forward it.</summary>
    public HttpClient ClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"ConnectionStrings:{database}db", connectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
        builder.UseSetting(InternalTokens.PublicKeyConfigKey, TestCallers.PublicKeyPem);

        // Events published by a test must find the service's queues already bound.
        builder.ConfigureTestServices(services => services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true));
        ConfigureService(builder);
    }

    /// <summary>Settings and services of this service beyond the common ones.</summary>
    protected virtual void ConfigureService(IWebHostBuilder builder)
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
