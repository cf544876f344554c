using System.Net.Http.Headers;
using System.Net.Http.Json;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Accounts.Tests;

/// <summary>The Accounts service on its own fresh database, with the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class AccountsServiceFactory(PlatformContainers containers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AccountsPath = "/api/v1/accounts/accounts";

    private string connectionString = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => connectionString = await containers.CreateDatabaseAsync("accounts");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:accountsdb", connectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
        builder.UseSetting(InternalTokens.PublicKeyConfigKey, TestCallers.PublicKeyPem);

        // Tests publish to the consumers' queues as soon as the service is up. Each factory has its own
        // database, so it gets its own queues too: otherwise another test class's service, sharing the
        // broker, would take the message and find no such account.
        builder.ConfigureServices(services =>
        {
            services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
            services.Replace(ServiceDescriptor.Singleton<IEndpointNameFormatter>(
                new KebabCaseEndpointNameFormatter($"accounts-test-{Guid.NewGuid():N}", includeNamespace: false)));
        });
    }

    /// <summary>Publishes <paramref name="integrationEvent"/> on the real bus as another service's outbox would, tenant header included.</summary>
    public async Task PublishAsync<T>(T integrationEvent, Guid? messageId = null)
        where T : IntegrationEvent
    {
        _ = Server;
        var publish = Services.GetRequiredService<IBus>();
        await publish.Publish(
            integrationEvent,
            context =>
            {
                context.MessageId = messageId ?? integrationEvent.EventId;
                context.Headers.Set(TenantHeaders.TenantId, integrationEvent.TenantId.ToString());
            },
            Cancel);
    }

    /// <summary>Reads the account as <paramref name="token"/> until <paramref name="done"/> holds, failing after ten seconds.</summary>
    public async Task<AccountResponse> AccountWhenAsync(string token, Guid accountId, Func<AccountResponse, bool> done, string what)
    {
        var client = ClientFor(token);
        return await Eventually.Until(
            async () => (await client.GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{accountId}", Cancel))!,
            done,
            TimeSpan.FromSeconds(10),
            what);
    }

    /// <summary>An HTTP client sending <paramref name="token"/> as the gateway would forward its caller.</summary>
    public HttpClient ClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A placement of Ann Lee's debt; <paramref name="consumer"/> replaces her (e.g. with a date of birth and postal code).</summary>
    public static object Placement(
        string reference, decimal principal = 100.50m, Guid? clientId = null, object? consumer = null, string jurisdiction = "MA", string? chargeOffDate = null) => new
        {
            clientId,
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = consumer ?? new { firstName = "Ann", lastName = "Lee" },
            jurisdiction,
            currency = "USD",
            principal,
            interest = 5m,
            fees = 1.25m,
            chargeOffDate,
        };

    public static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, object placement) =>
        await client.PostAsJsonAsync(AccountsPath, placement, Cancel);

    /// <summary>Places an account and returns it, failing the test unless it was placed.</summary>
    public static async Task<AccountResponse> PlacedAsync(HttpClient client, object placement)
    {
        var response = await PlaceAsync(client, placement);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccountResponse>(Cancel))!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
