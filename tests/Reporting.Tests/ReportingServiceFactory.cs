using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Reporting.Tests;

/// <summary>The Reporting service on its own fresh database and its own queues, fed by the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class ReportingServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "reporting")
{
    /// <summary>Publishes <paramref name="integrationEvent"/> as another service's outbox would: message id = event id unless given, tenant header set.</summary>
    public async Task PublishAsync<T>(T integrationEvent, Guid? messageId = null)
        where T : IntegrationEvent
    {
        _ = Server;
        await Services.GetRequiredService<IBus>().Publish(
            integrationEvent,
            context =>
            {
                context.MessageId = messageId ?? integrationEvent.EventId;
                context.Headers.Set(TenantHeaders.TenantId, integrationEvent.TenantId.ToString());
            },
            TestContext.Current.CancellationToken);
    }

    // Each factory has its own database, so it gets its own queues too: another test class's service,
    // sharing the broker, must not take this one's events.
    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEndpointNameFormatter>(
            new KebabCaseEndpointNameFormatter($"reporting-test-{Guid.NewGuid():N}", includeNamespace: false))));
}
