using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Reporting.Tests;

/// <summary>The Reporting service on its own fresh database, fed by the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class ReportingServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "reporting")
{
    /// <summary>Publishes <paramref name="placed"/> as Accounts' outbox would.</summary>
    public Task PublishAsync(AccountPlaced placed) =>
        Services.GetRequiredService<IBus>().Publish(placed, context => context.MessageId = placed.EventId, TestContext.Current.CancellationToken);
}
