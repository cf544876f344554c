using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Collections.Gateway.Apis;
using Collections.Gateway.Infrastructure;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Webhooks.Tests;

/// <summary>
/// Every test that runs the gateway shares this one instance: the gateway's consumer queue is named
/// after the service, so two gateways on one broker would take each other's events.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayApp>
{
    public const string Name = "Gateway";
}

/// <summary>
/// The real gateway on a fresh database and the real broker, with retries in milliseconds instead
/// of seconds. Each test onboards its own tenant, so tests share nothing else.
/// </summary>
public sealed class GatewayApp(PlatformContainers containers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PlatformKey = "platform-admin-key-for-webhook-tests";
    private const string Password = "correct horse battery staple";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private string connectionString = "";

    public async ValueTask InitializeAsync()
    {
        connectionString = await containers.CreateDatabaseAsync("gateway");
        _ = Services;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:gatewaydb", connectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
        builder.UseSetting("Security:Tokens:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        builder.UseSetting("Security:Internal:PrivateKey", ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem());
        builder.UseSetting("Security:PlatformAdmin:ApiKey", PlatformKey);
        builder.UseSetting("Webhooks:AllowInsecureLoopback", "true");
        builder.UseSetting("Webhooks:PollInterval", "00:00:00.050");
        builder.UseSetting("Webhooks:FirstRetryDelay", "00:00:00.200");
        builder.UseSetting("Webhooks:RequestTimeout", "00:00:05");
        builder.ConfigureTestServices(services =>
            // Events published right after start must find the gateway's queue already bound.
            services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true));
    }

    /// <summary>Onboards a tenant and signs its admin in.</summary>
    public async Task<TestTenant> OnboardTenantAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = $"t-{Guid.NewGuid():N}"[..20];
        using var platform = CreateClient();
        platform.DefaultRequestHeaders.Add("X-Api-Key", PlatformKey);
        var onboarded = await platform.PostAsJsonAsync(
            "/api/v1/platform/tenants",
            new { slug, name = $"Agency {slug}", kind = "Agency", admin = new { email = $"admin@{slug}.example", displayName = "Admin", password = Password } },
            ct);
        Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);
        var tenant = (await onboarded.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        using var anonymous = CreateClient();
        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant = slug, email = $"admin@{slug}.example", password = Password }, ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var token = (await signedIn.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();

        var admin = CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestTenant(tenant, admin);
    }

    /// <summary>Creates a client of <paramref name="tenant"/> and an HTTP client that calls with its API key.</summary>
    public async Task<TestClient> AddClientAsync(TestTenant tenant)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/admin/clients", new { name = $"Creditor {Guid.NewGuid():N}" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var clientId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        var keyed = await tenant.Admin.PostAsJsonAsync($"/api/v1/admin/clients/{clientId}/api-keys", new { name = "webhooks" }, ct);
        Assert.Equal(HttpStatusCode.Created, keyed.StatusCode);
        var key = (await keyed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString()!;

        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new TestClient(tenant.Id, clientId, http);
    }

    /// <summary>A tenant with one client, ready to register endpoints.</summary>
    public async Task<TestClient> OnboardClientAsync() => await AddClientAsync(await OnboardTenantAsync());

    /// <summary>Puts an <see cref="AccountPlaced"/> on the bus as Accounts would, with the message id the outbox gives it unless told otherwise.</summary>
    public async Task PublishAsync(AccountPlaced placed, Guid? messageId = null) =>
        await Services.GetRequiredService<IBus>().Publish(placed, context => context.MessageId = messageId ?? placed.EventId, TestContext.Current.CancellationToken);

    /// <summary>Puts any integration event on the bus as its service's outbox would.</summary>
    public async Task PublishEventAsync<T>(T integrationEvent)
        where T : IntegrationEvent =>
        await Services.GetRequiredService<IBus>().Publish(integrationEvent, context => context.MessageId = integrationEvent.EventId, TestContext.Current.CancellationToken);

    /// <summary>How many of the given messages the gateway's inbox has processed.</summary>
    public async Task<int> ProcessedAsync(params Guid[] messageIds)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        return await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId), TestContext.Current.CancellationToken);
    }

    public static AccountPlaced Placed(TestClient client, string reference = "A-1001") => new()
    {
        TenantId = client.TenantId,
        ClientId = client.Id,
        OccurredAt = DateTimeOffset.UtcNow,
        AccountId = Guid.NewGuid(),
        ClientReference = reference,
        Jurisdiction = "MA",
        Currency = "USD",
        Principal = 1250.00m,
        Interest = 40.15m,
        Fees = 25.00m,
        PlacedBalance = 1315.15m,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A tenant and its signed-in admin.</summary>
public sealed record TestTenant(Guid Id, HttpClient Admin);

/// <summary>A client business and an HTTP client that calls with its API key.</summary>
public sealed record TestClient(Guid TenantId, Guid Id, HttpClient Http)
{
    public async Task<RegisteredWebhookEndpointResponse> RegisterEndpointAsync(string url, params string[] events)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url, events }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RegisteredWebhookEndpointResponse>(GatewayApp.Json, TestContext.Current.CancellationToken))!;
    }

    public async Task<WebhookDeliveryPage> DeliveriesAsync(Guid? endpointId = null)
    {
        var query = endpointId is { } id ? $"?endpointId={id}" : "";
        return (await Http.GetFromJsonAsync<WebhookDeliveryPage>($"/api/v1/webhooks/deliveries{query}", GatewayApp.Json, TestContext.Current.CancellationToken))!;
    }
}
