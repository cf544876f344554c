using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Collections.Outreach.Strategies;
using Microsoft.AspNetCore.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Collections.Outreach.Tests;

/// <summary>
/// Outreach on its own database and the real broker, calling <see cref="InMemoryAccountsService"/> over gRPC. The
/// background scheduler is off: tests run the strategy run and the dispatcher themselves at the instants they choose.
/// </summary>
public sealed class StrategyServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "outreach")
{
    public const string OptOutKey = "test-opt-out-signing-key-0123456789abcdef";

    public InMemoryAccountsService Accounts { get; } = new();

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("services:accounts:grpc:0", Accounts.Address);
        builder.UseSetting("Outreach:Strategy:BackgroundEnabled", "false");
        builder.UseSetting("Outreach:OptOut:SigningKey", OptOutKey);

        // Each factory has its own database, so it gets its own queues: otherwise another test class's service,
        // sharing the broker, would take an event meant for this one and find no such account.
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEndpointNameFormatter>(
            new KebabCaseEndpointNameFormatter($"outreach-test-{Guid.NewGuid():N}", includeNamespace: false))));
    }

    /// <summary>An account in Accounts (streamed to the run) and in Outreach's read model (as the placement event leaves it).</summary>
    public async Task<TestAccount> AddAccountAsync(TestAccount account)
    {
        Accounts.Put(account);
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(account.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<OutreachDbContext>();
        db.Accounts.Add(new ContactableAccount
        {
            AccountId = account.AccountId,
            TenantId = account.TenantId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            ConsumerName = $"{account.FirstName} {account.LastName}",
            Jurisdiction = account.Jurisdiction,
            Status = "Active",
            PlacedAt = DateTimeOffset.UtcNow.AddDays(-40),
            Segment = account.Segment,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return account;
    }

    public static TestAccount NewAccount(Guid tenantId, string segment, string language = "en", string[]? holds = null) =>
        new(tenantId, Guid.CreateVersion7(), Guid.NewGuid(), Guid.NewGuid(), segment, Language: language, Holds: holds);

    /// <summary>Runs the tenant's strategy run of <paramref name="businessDate"/> to its end, as the scheduler would.</summary>
    public async Task<StrategyRun> RunAsync(Guid tenantId, DateOnly businessDate)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await scope.ServiceProvider.GetRequiredService<DailyStrategyRun>().RunAsync(businessDate, again: true, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends the tenant's messages due at <paramref name="now"/>, as the dispatcher would then.</summary>
    public async Task<int> DispatchAsync(Guid tenantId, DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchDueAsync(now, 1000, TestContext.Current.CancellationToken);
    }

    /// <summary>Publishes <paramref name="message"/> as another service's outbox would, tenant header included.</summary>
    public Task PublishAsync<T>(T message)
        where T : IntegrationEvent =>
        Services.GetRequiredService<IBus>().Publish(
            message,
            context =>
            {
                context.MessageId = message.EventId;
                context.Headers.Set(TenantHeaders.TenantId, message.TenantId.ToString());
            },
            TestContext.Current.CancellationToken);

    /// <summary>Runs <paramref name="work"/> on Outreach's database in the tenant's scope.</summary>
    public async Task<T> InTenantAsync<T>(Guid tenantId, Func<OutreachDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await work(scope.ServiceProvider.GetRequiredService<OutreachDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Accounts.DisposeAsync();
    }
}
