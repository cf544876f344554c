using System.Net.Http.Json;
using Collections.BuildingBlocks.Tenancy;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Accounts.Tests;

/// <summary>The Accounts service on its own fresh database, with the real broker.</summary>
public sealed class AccountsServiceFactory(PlatformContainers containers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string connectionString = "";

    public async ValueTask InitializeAsync() => connectionString = await containers.CreateDatabaseAsync("accounts");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:accountsdb", connectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
    }

    /// <summary>An HTTP client acting for <paramref name="tenantId"/>, as the gateway would forward it.</summary>
    public HttpClient ClientFor(Guid tenantId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(TenantHeaders.TenantId, tenantId.ToString());
        return client;
    }

    public static object Placement(string reference, decimal principal = 100.50m) => new
    {
        clientReference = reference,
        originalCreditor = "Acme Bank",
        consumer = new { firstName = "Ann", lastName = "Lee" },
        jurisdiction = "MA",
        currency = "USD",
        principal,
        interest = 5m,
        fees = 1.25m,
    };

    public static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, object placement) =>
        await client.PostAsJsonAsync("/api/v1/accounts/accounts", placement, TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
