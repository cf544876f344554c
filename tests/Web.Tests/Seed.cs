using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Collections.Web.Tests;

/// <summary>
/// Data placed through the gateway's API the way a real agency does it: the platform operator creates the
/// tenant with its admin, the admin creates a client and its API key, the client places accounts.
/// </summary>
public sealed class Seed
{
    private readonly WebPlatform platform;

    private Seed(WebPlatform platform, string slug, string adminToken, string clientKey)
    {
        this.platform = platform;
        Slug = slug;
        AdminToken = adminToken;
        ClientKey = clientKey;
    }

    public string Slug { get; }

    public string AdminToken { get; }

    public string ClientKey { get; }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<Seed> TenantAsync(WebPlatform platform)
    {
        var slug = $"w-{Guid.NewGuid():N}"[..20];
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        using var api = platform.Api();
        api.DefaultRequestHeaders.Add("X-Api-Key", platform.PlatformAdminKey);
        await Expect(await api.PostAsJsonAsync("api/v1/platform/tenants", new
        {
            slug,
            name = $"Agency {slug}",
            kind = "Agency",
            admin = new { email = $"admin@{slug}.example", displayName = "Ada Admin", password },
        }, Cancel), 201);
        var tokens = await Json(await api.PostAsJsonAsync("api/v1/auth/token", new { tenant = slug, email = $"admin@{slug}.example", password }, Cancel), 200);
        var adminToken = tokens.GetProperty("accessToken").GetString()!;

        using var admin = platform.Api();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var client = await Json(await admin.PostAsJsonAsync("api/v1/admin/clients", new { name = "Acme Bank" }, Cancel), 201);
        var key = await Json(await admin.PostAsJsonAsync($"api/v1/admin/clients/{client.GetProperty("id").GetGuid()}/api-keys", new { name = "placements" }, Cancel), 201);
        return new Seed(platform, slug, adminToken, key.GetProperty("key").GetString()!);
    }

    /// <summary>Places one account for a consumer who signs in with the returned facts.</summary>
    public async Task<SeededAccount> AccountAsync(decimal principal = 500m, decimal interest = 25m, decimal fees = 10m, string jurisdiction = "NY", string postalCode = "10001")
    {
        var reference = $"R-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        using var client = platform.Api();
        client.DefaultRequestHeaders.Add("X-Api-Key", ClientKey);
        var account = await Json(await client.PostAsJsonAsync("api/v1/accounts/accounts", new
        {
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Carmen", lastName = "Consumer", dateOfBirth = "1980-04-12", postalCode },
            jurisdiction,
            currency = "USD",
            principal,
            interest,
            fees,
        }, Cancel), 201);
        var seeded = new SeededAccount(account.GetProperty("id").GetGuid(), reference, "1980-04-12", postalCode, principal + interest + fees);
        await KnownEverywhereAsync(seeded.Id);
        return seeded;
    }

    /// <summary>Waits until Payments, Disputes and Outreach have the account from the placement event.</summary>
    private async Task KnownEverywhereAsync(Guid accountId)
    {
        using var admin = platform.Api();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        string[] paths = [$"api/v1/payments/accounts/{accountId}", $"api/v1/disputes/accounts/{accountId}", $"api/v1/disputes/accounts/{accountId}/validation-notice", $"api/v1/outreach/accounts/{accountId}"];
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        foreach (var path in paths)
        {
            while (true)
            {
                using var response = await admin.GetAsync(path, Cancel);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    Assert.Fail($"GET {path}: still {(int)response.StatusCode} a minute after placement.");
                }

                await Task.Delay(250, Cancel);
            }
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, int expected)
    {
        await Expect(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private static async Task Expect(HttpResponseMessage response, int expected)
    {
        if ((int)response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>A placed account and what its consumer signs in with.</summary>
public sealed record SeededAccount(Guid Id, string Reference, string DateOfBirth, string PostalCode, decimal Balance);
