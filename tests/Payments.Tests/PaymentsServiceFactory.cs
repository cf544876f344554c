using System.Net.Http.Headers;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Payments.Tests;

/// <summary>
/// The Payments service on its own fresh database with the real broker, trusting
/// <see cref="TestCallers"/>, the sandbox processor enabled, and a clock the tests move.
/// </summary>
public sealed class PaymentsServiceFactory(PlatformContainers containers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string ConnectionString { get; private set; } = "";

    /// <summary>Accounts as the service's gRPC client sees it: the balances the tests seed.</summary>
    public FakeAccountsService AccountsService { get; } = new();

    /// <summary>Every line the service logged, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => ConnectionString = await containers.CreateDatabaseAsync("payments");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:paymentsdb", ConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
        builder.UseSetting(InternalTokens.PublicKeyConfigKey, TestCallers.PublicKeyPem);
        builder.UseSetting("Payments:Sandbox:Enabled", "true");
        builder.UseSetting("Payments:Remittance:AccountNumberKey", RemittanceAccountKey);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Contracts.Grpc.Accounts.AccountsService.AccountsServiceClient>(AccountsService);

            // Each factory has its own database, so it gets its own queues: a published event then
            // reaches every test class's service, each applying it to its own database.
            services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
            services.Replace(ServiceDescriptor.Singleton<IEndpointNameFormatter>(
                new KebabCaseEndpointNameFormatter($"payments-test-{Guid.NewGuid():N}", includeNamespace: false)));
        });
    }

    /// <summary>The secret the clients' remittance bank account numbers are encrypted with in these tests.</summary>
    public const string RemittanceAccountKey = "test-remittance-key-0123456789-abcdefghijklmnop";

    public HttpClient ClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Puts an account straight into Payments's read model, as the AccountPlaced consumer would.</summary>
    public async Task<PayableAccount> SeedAccountAsync(Guid tenantId, decimal balance = 500m, Guid? clientId = null, Guid? consumerId = null, string currency = "USD", Guid? accountId = null)
    {
        var account = new PayableAccount
        {
            AccountId = accountId ?? Guid.NewGuid(),
            TenantId = tenantId,
            ClientId = clientId ?? Guid.NewGuid(),
            ConsumerId = consumerId ?? Guid.NewGuid(),
            ClientReference = $"REF-{Guid.NewGuid():N}"[..20],
            Currency = currency,
            Balance = balance,
            PlacedAt = DateTimeOffset.UtcNow,
        };
        AccountsService.SetBalance(account.AccountId, balance, currency);
        await InTenantAsync(tenantId, async db =>
        {
            db.Accounts.Add(account);
            await db.SaveChangesAsync(Cancel);
        });
        return account;
    }

    /// <summary>Publishes <paramref name="integrationEvent"/> on the real bus as another service's outbox would, tenant header included.</summary>
    public async Task PublishAsync<T>(T integrationEvent)
        where T : IntegrationEvent
    {
        _ = Server;
        await Services.GetRequiredService<IBus>().Publish(
            integrationEvent,
            context =>
            {
                context.MessageId = integrationEvent.EventId;
                context.Headers.Set(TenantHeaders.TenantId, integrationEvent.TenantId.ToString());
            },
            Cancel);
    }

    /// <summary>Runs <paramref name="work"/> on a fresh DbContext acting for <paramref name="tenantId"/>.</summary>
    public async Task<T> InTenantAsync<T>(Guid tenantId, Func<PaymentsDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await work(scope.ServiceProvider.GetRequiredService<PaymentsDbContext>());
    }

    public Task InTenantAsync(Guid tenantId, Func<PaymentsDbContext, Task> work) =>
        InTenantAsync(tenantId, async db =>
        {
            await work(db);
            return true;
        });

    /// <summary>The tenant's outbox messages of the event type named <paramref name="eventName"/>.</summary>
    public Task<List<OutboxMessage>> OutboxAsync(Guid tenantId, string eventName) =>
        InTenantAsync(tenantId, db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType.EndsWith("." + eventName))
            .ToListAsync(Cancel));

    public static async Task<HttpResponseMessage> PayAsync(HttpClient client, Guid accountId, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PaymentsPath(accountId)) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request, Cancel);
    }

    public static string PaymentsPath(Guid accountId) => $"/api/v1/payments/accounts/{accountId}/payments";

    public static object Card(decimal amount, string token = "tok_visa_approve", string currency = "USD") =>
        new { amount, currency, paymentToken = token, method = "card" };

    public static object Ach(decimal amount, string token = "btok_ach_approve") =>
        new { amount, currency = "USD", paymentToken = token, method = "ach" };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
