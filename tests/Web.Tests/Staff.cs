using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;

namespace Collections.Web.Tests;

/// <summary>Staff users, accounts with phone numbers, and what other parts of the platform do through the API, for the agent and supervisor tests.</summary>
public sealed class Staff(WebPlatform platform, Seed tenant)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(180);

    private static readonly CallablePlace NewYork = new("NY", "New York", "10001", "212", "America/New_York");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A staff user with the roles, created by the tenant's admin; returns the email and password.</summary>
    public async Task<(string Email, string Password)> UserAsync(string name, params string[] roles)
    {
        var email = $"{name}-{Guid.NewGuid():N}"[..16] + $"@{tenant.Slug}.example";
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        using var admin = Admin();
        await Expect(await admin.PostAsJsonAsync("api/v1/admin/users", new { email, displayName = name, password, roles }, Cancel), 201);
        return (email, password);
    }

    /// <summary>Places an account whose consumer has a mobile number and an address in <paramref name="place"/> (New York when not given), under its jurisdiction.</summary>
    public async Task<SeededAccount> AccountWithPhoneAsync(CallablePlace? place = null, decimal principal = 800m)
    {
        place ??= NewYork;
        var reference = $"A-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        using var client = platform.Api();
        client.DefaultRequestHeaders.Add("X-Api-Key", tenant.ClientKey);
        var account = await Json(await client.PostAsJsonAsync("api/v1/accounts/accounts", new
        {
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = new
            {
                firstName = "Paula",
                lastName = "Phone",
                dateOfBirth = "1975-06-01",
                postalCode = "10001",
                addresses = new[] { new { line1 = "1 Main St", city = place.City, state = place.Jurisdiction, postalCode = place.PostalCode, country = "US", timeZone = place.TimeZone } },
                phones = new[] { new { number = place.Phone(), type = "mobile" } },
            },
            jurisdiction = place.Jurisdiction,
            currency = "USD",
            principal,
            interest = 0m,
            fees = 0m,
        }, Cancel), 201);
        return new SeededAccount(account.GetProperty("id").GetGuid(), reference, "1975-06-01", place.PostalCode, principal);
    }

    /// <summary>Queues a call to the account now (a callback the consumer asked for), once Outreach knows the account.</summary>
    public Task QueueCallAsync(SeededAccount account, string phone) =>
        UntilAsync(admin => admin.PostAsJsonAsync($"api/v1/outreach/accounts/{account.Id}/callbacks", new { at = DateTimeOffset.UtcNow, phoneNumber = phone }, Cancel), 201);

    /// <summary>The consumer's dispute, received by mail, once Disputes knows the account.</summary>
    public Task DisputeAsync(SeededAccount account) =>
        UntilAsync(admin => admin.PostAsJsonAsync($"api/v1/disputes/accounts/{account.Id}/disputes", new { reason = "not-mine", channel = "mail", details = "Letter: this is not my debt." }, Cancel), 201);

    /// <summary>A card payment of the sandbox's approving test card, once Payments knows the account.</summary>
    public async Task PayAsync(SeededAccount account, decimal amount)
    {
        using var anonymous = platform.Api();
        var token = await Json(await anonymous.PostAsJsonAsync("api/v1/payments/sandbox/tokens", new { cardNumber = "4242424242424242" }, Cancel), 200);
        var key = Guid.NewGuid().ToString();
        await UntilAsync(
            admin =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/payments/accounts/{account.Id}/payments")
                {
                    Content = JsonContent.Create(new { amount, currency = "USD", paymentToken = token.GetProperty("token").GetString(), method = "card" }),
                };
                request.Headers.Add("Idempotency-Key", key);
                return admin.SendAsync(request, Cancel);
            },
            201);
    }

    public static async Task SignInAsync(IPage page, Seed tenant, (string Email, string Password) user, string area)
    {
        await page.GotoAsync($"{area}/sign-in");
        await page.GetByLabel("Agency code").FillAsync(tenant.Slug);
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**/app/{area}");
    }

    /// <summary>Where screenshots go: docs/screenshots of the repository.</summary>
    public static string ScreenshotPath(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private HttpClient Admin()
    {
        var admin = platform.Api();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminToken);
        return admin;
    }

    /// <summary>Repeats the call while the service does not know the account yet (404), up to the propagation bound.</summary>
    private async Task UntilAsync(Func<HttpClient, Task<HttpResponseMessage>> send, int expected)
    {
        using var admin = Admin();
        var deadline = DateTimeOffset.UtcNow + Propagation;
        while (true)
        {
            using var response = await send(admin);
            if ((int)response.StatusCode == expected || response.StatusCode != System.Net.HttpStatusCode.NotFound || DateTimeOffset.UtcNow > deadline)
            {
                await Expect(response, expected);
                return;
            }

            await Task.Delay(500, Cancel);
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
