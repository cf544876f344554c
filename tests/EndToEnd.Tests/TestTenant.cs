using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Collections.EndToEnd.Tests;

/// <summary>
/// A tenant onboarded through the gateway the way a real agency is: the platform operator creates it
/// with its first admin, the admin signs in, creates clients and an API key for each.
/// </summary>
public sealed class TestTenant
{
    private readonly PlatformApp platform;

    private TestTenant(PlatformApp platform, Guid id, string slug, string adminEmail, string adminPassword)
    {
        this.platform = platform;
        Id = id;
        Slug = slug;
        AdminEmail = adminEmail;
        AdminPassword = adminPassword;
    }

    public Guid Id { get; }

    public string Slug { get; }

    public string AdminEmail { get; }

    public string AdminPassword { get; }

    public string AdminToken { get; private set; } = "";

    public string AdminRefreshToken { get; private set; } = "";

    public List<TestClient> Clients { get; } = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<TestTenant> OnboardAsync(PlatformApp platform, int clients = 1)
    {
        var slug = $"t-{Guid.NewGuid():N}"[..20];
        var password = NewPassword();
        platform.RememberSecret("admin password", password);
        using var operatorClient = platform.Gateway();
        operatorClient.DefaultRequestHeaders.Add("X-Api-Key", platform.PlatformAdminKey);
        var created = await operatorClient.PostAsJsonAsync("/api/v1/platform/tenants", new
        {
            slug,
            name = $"Agency {slug}",
            kind = "Agency",
            admin = new { email = $"admin@{slug}.example", displayName = "Ada Admin", password },
        }, Cancel);
        await Expect.Status(created, 201);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var tenant = new TestTenant(platform, body.GetProperty("id").GetGuid(), slug, $"admin@{slug}.example", password);

        var tokens = await tenant.SignInAsync(tenant.AdminEmail, password);
        tenant.AdminToken = tokens.GetProperty("accessToken").GetString()!;
        tenant.AdminRefreshToken = tokens.GetProperty("refreshToken").GetString()!;
        for (var i = 0; i < clients; i++)
        {
            tenant.Clients.Add(await tenant.AddClientAsync($"Creditor {i + 1}"));
        }

        return tenant;
    }

    public async Task<JsonElement> SignInAsync(string email, string password)
    {
        using var anonymous = platform.Gateway();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant = Slug, email, password }, Cancel);
        // Every test signs in from the same loopback address, and the gateway limits sign-ins per address (the hostile
        // suite spends much of that budget): a test that meets the limit waits as told, like a real client would.
        for (var attempt = 0; attempt < 2 && response.StatusCode == HttpStatusCode.TooManyRequests; attempt++)
        {
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(60);
            response.Dispose();
            await Task.Delay(wait + TimeSpan.FromSeconds(1), Cancel);
            response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant = Slug, email, password }, Cancel);
        }

        await Expect.Status(response, 200);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        platform.RememberSecret("access token", tokens.GetProperty("accessToken").GetString()!);
        platform.RememberSecret("refresh token", tokens.GetProperty("refreshToken").GetString()!);
        return tokens;
    }

    /// <summary>Creates a staff user with <paramref name="roles"/> and returns a client signed in as them.</summary>
    public async Task<HttpClient> StaffAsync(params string[] roles)
    {
        var password = NewPassword();
        platform.RememberSecret("staff password", password);
        var email = $"{Guid.NewGuid():N}@{Slug}.example";
        using var admin = AsAdmin();
        await Expect.Status(await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, displayName = "Sam Staff", password, roles }, Cancel), 201);
        var tokens = await SignInAsync(email, password);
        return WithToken(tokens.GetProperty("accessToken").GetString()!);
    }

    public async Task<TestClient> AddClientAsync(string name)
    {
        using var admin = AsAdmin();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/clients", new { name }, Cancel);
        await Expect.Status(created, 201);
        var clientId = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();
        var key = await admin.PostAsJsonAsync($"/api/v1/admin/clients/{clientId}/api-keys", new { name = "integration" }, Cancel);
        await Expect.Status(key, 201);
        var keyBody = await key.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var apiKey = keyBody.GetProperty("key").GetString()!;
        platform.RememberSecret("client API key", apiKey);
        return new TestClient(clientId, apiKey, keyBody.GetProperty("id").GetGuid());
    }

    public HttpClient AsAdmin() => WithToken(AdminToken);

    public HttpClient WithToken(string token)
    {
        var client = platform.Gateway();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient WithKey(TestClient client) => WithKey(client.ApiKey);

    public HttpClient WithKey(string apiKey)
    {
        var client = platform.Gateway();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}

/// <summary>A client business of a test tenant with its API key.</summary>
public sealed record TestClient(Guid Id, string ApiKey, Guid KeyId);

/// <summary>Assertions on HTTP responses that show the problem body when they fail.</summary>
public static class Expect
{
    public static async Task Status(HttpResponseMessage response, int expected)
    {
        if ((int)response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {expected}, got {(int)response.StatusCode}: {body}");
        }
    }
}
