using System.Net.Http.Headers;
using System.Net.Http.Json;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
    }

    /// <summary>An HTTP client sending <paramref name="token"/> as the gateway would forward its caller.</summary>
    public HttpClient ClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A placement of Ann Lee's debt; <paramref name="consumer"/> replaces her (e.g. with a date of birth and postal code).</summary>
    public static object Placement(string reference, decimal principal = 100.50m, Guid? clientId = null, object? consumer = null) => new
    {
        clientId,
        clientReference = reference,
        originalCreditor = "Acme Bank",
        consumer = consumer ?? new { firstName = "Ann", lastName = "Lee" },
        jurisdiction = "MA",
        currency = "USD",
        principal,
        interest = 5m,
        fees = 1.25m,
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
