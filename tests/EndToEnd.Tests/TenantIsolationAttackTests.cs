using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.IntegrationTesting;

namespace Collections.EndToEnd.Tests;

/// <summary>
/// Attacks through the gateway on every public operation listed in the OpenAPI documents: another
/// tenant's credentials, another client's key, another consumer's session, and missing, expired,
/// forged or garbage credentials. None may read or change tenant A's data.
/// </summary>
public sealed class TenantIsolationAttackTests(PlatformApp platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tenant_B_credentials_get_no_data_of_tenant_A_from_any_operation()
    {
        var (a, account) = await TenantWithPlacedAccountAsync();
        var b = await TestTenant.OnboardAsync(platform);
        using var bKey = b.WithKey(b.Clients[0]);
        using var bAdmin = b.AsAdmin();
        using var gateway = platform.Gateway();
        var operations = await AttackSurface.LoadAsync(gateway, Cancel);
        var ids = IdsOf(a, account);
        var tried = 0;

        foreach (var operation in operations.Where(o => !o.IsAnonymous))
        {
            foreach (var (who, client) in new[] { ("tenant B's client key", bKey), ("tenant B's admin", bAdmin) })
            {
                var path = operation.Fill(ids, account.Id.ToString());
                var response = await client.SendAsync(operation.Request(path), Cancel);

                // A problem's "instance" names the request path, which holds the ids the attacker sent.
                var body = (await response.Content.ReadAsStringAsync(Cancel)).Replace(path, "", StringComparison.Ordinal);
                tried++;
                Assert.True((int)response.StatusCode < 500, $"{operation} as {who}: {(int)response.StatusCode} {body}");
                if (operation.HasPathParameters)
                {
                    Assert.True(
                        response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed
                            || (operation.IsSelfAuthenticated && response.StatusCode == HttpStatusCode.Unauthorized),
                        $"{operation} as {who} on tenant A's ids answered {(int)response.StatusCode}: {body}");
                }

                // The caller's own audit trail lists the paths it sent, A's ids included; what must
                // never show there is A's own activity, which carries A's key prefix and slug.
                AssertNoTraceOf(a, account, body, $"{operation} as {who}", idsMayEcho: operation.PathTemplate.StartsWith("/api/v1/audit/", StringComparison.Ordinal));
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{tried} requests with tenant B's credentials against {operations.Count} operations");
        using var owner = a.WithKey(a.Clients[0]);
        var unchanged = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/accounts/{account.Id}", Cancel);
        Assert.Equal(account.Balance, unchanged.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task A_client_key_cannot_read_another_clients_accounts_of_the_same_tenant()
    {
        var (a, account) = await TenantWithPlacedAccountAsync(clients: 2);
        using var otherClient = a.WithKey(a.Clients[1]);

        foreach (var service in new[] { "accounts/accounts", "outreach/accounts", "payments/accounts", "disputes/accounts" })
        {
            var response = await otherClient.GetAsync($"/api/v1/{service}/{account.Id}", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var list = await otherClient.GetStringAsync("/api/v1/accounts/accounts", Cancel);
        Assert.DoesNotContain(account.Id.ToString(), list, StringComparison.OrdinalIgnoreCase);
        var portfolio = await otherClient.GetFromJsonAsync<JsonElement>("/api/v1/reporting/portfolio", Cancel);
        Assert.Equal(0, portfolio.GetProperty("accounts").GetInt32());
    }

    [Fact]
    public async Task A_consumer_session_reads_its_own_account_and_no_other()
    {
        var (a, mine) = await TenantWithPlacedAccountAsync();
        using var owner = a.WithKey(a.Clients[0]);
        var theirs = await PlaceAsync(owner, "ATK-THEIRS", "Cy", "Doe", "1990-01-15", "10001", 75m);

        using var anonymous = platform.Gateway();
        var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", new { tenant = a.Slug, accountReference = mine.Reference, dateOfBirth = "1980-02-29", postalCode = "02139" }, Cancel);
        await Expect.Status(signIn, 200);
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString()!;
        platform.RememberSecret("consumer token", token);
        using var consumer = a.WithToken(token);

        await Expect.Status(await consumer.GetAsync($"/api/v1/accounts/accounts/{mine.Id}", Cancel), 200);
        await Expect.Status(await consumer.GetAsync($"/api/v1/accounts/accounts/{theirs.Id}", Cancel), 404);
        await Expect.Status(await consumer.PostAsJsonAsync("/api/v1/accounts/accounts", new { }, Cancel), 403);
        var list = await consumer.GetStringAsync("/api/v1/accounts/accounts", Cancel);
        Assert.DoesNotContain(theirs.Id.ToString(), list, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Missing_expired_forged_and_garbage_credentials_get_401_on_every_operation()
    {
        var a = await TestTenant.OnboardAsync(platform);
        using var gateway = platform.Gateway();
        var operations = await AttackSurface.LoadAsync(gateway, Cancel);
        var expired = AttackSurface.Jwt(platform.TokenSigningKey, a.Id, DateTimeOffset.UtcNow.AddMinutes(-5));
        var forged = AttackSurface.Jwt(Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-not-the-platform-key", a.Id, DateTimeOffset.UtcNow.AddMinutes(10));
        var credentials = new (string What, Action<HttpRequestMessage> Apply)[]
        {
            ("no credential", _ => { }),
            ("an expired token", r => r.Headers.Authorization = new("Bearer", expired)),
            ("a forged token", r => r.Headers.Authorization = new("Bearer", forged)),
            ("a garbage bearer token", r => r.Headers.Authorization = new("Bearer", "not.a.jwt")),
            ("an unknown API key", r => r.Headers.Add("X-Api-Key", "ck_unknown00_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
            ("a malformed API key", r => r.Headers.Add("X-Api-Key", "' OR 1=1 --")),
            ("a caller-set tenant header", r => r.Headers.Add("x-tenant-id", a.Id.ToString())),
        };

        foreach (var operation in operations.Where(o => !o.IsAnonymous))
        {
            foreach (var (what, apply) in credentials)
            {
                using var request = operation.Request(operation.Fill(new Dictionary<string, string>(), Guid.NewGuid().ToString()));
                apply(request);
                var response = await gateway.SendAsync(request, Cancel);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation} with {what}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task An_API_key_over_its_tenants_rate_limit_gets_429_with_retry_after()
    {
        var tenant = await TestTenant.OnboardAsync(platform, clients: 2);
        using var admin = tenant.AsAdmin();
        await Expect.Status(await admin.PutAsJsonAsync("/api/v1/admin/rate-limits", new { apiKeyPerMinute = 5, consumerSessionPerMinute = 60, staffUserPerMinute = 1200 }, Cancel), 200);
        using var limited = tenant.WithKey(tenant.Clients[0]);

        for (var i = 0; i < 5; i++)
        {
            await Expect.Status(await limited.GetAsync("/api/v1/reporting/portfolio", Cancel), 200);
        }

        var refused = await limited.GetAsync("/api/v1/reporting/portfolio", Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var otherKey = tenant.WithKey(tenant.Clients[1]);
        await Expect.Status(await otherKey.GetAsync("/api/v1/reporting/portfolio", Cancel), 200);
    }

    private async Task<(TestTenant Tenant, PlacedAccount Account)> TenantWithPlacedAccountAsync(int clients = 1)
    {
        var tenant = await TestTenant.OnboardAsync(platform, clients);
        using var owner = tenant.WithKey(tenant.Clients[0]);
        var account = await PlaceAsync(owner, $"ATK-{Guid.NewGuid():N}"[..16], "Ann", "Lee", "1980-02-29", "02139", 321.09m);
        foreach (var service in new[] { "outreach", "payments", "disputes" })
        {
            await Eventually.Until(() => owner.GetAsync($"/api/v1/{service}/accounts/{account.Id}", Cancel), r => r.IsSuccessStatusCode, Deadline, $"{service}'s copy");
        }

        return (tenant, account);
    }

    private static async Task<PlacedAccount> PlaceAsync(HttpClient client, string reference, string first, string last, string dateOfBirth, string postalCode, decimal principal)
    {
        var placed = await client.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = new { firstName = first, lastName = last, dateOfBirth, postalCode },
            jurisdiction = "NY",
            currency = "USD",
            principal,
            interest = 0m,
            fees = 0m,
        }, Cancel);
        await Expect.Status(placed, 201);
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return new PlacedAccount(body.GetProperty("id").GetGuid(), reference, body.GetProperty("balance").GetDecimal(), body.GetProperty("consumerId").GetGuid());
    }

    private static Dictionary<string, string> IdsOf(TestTenant tenant, PlacedAccount account) => new()
    {
        ["accountId"] = account.Id.ToString(),
        ["consumerId"] = account.ConsumerId.ToString(),
        ["clientId"] = tenant.Clients[0].Id.ToString(),
        ["keyId"] = tenant.Clients[0].KeyId.ToString(),
        ["tenantId"] = tenant.Id.ToString(),
    };

    private static void AssertNoTraceOf(TestTenant tenant, PlacedAccount account, string body, string what, bool idsMayEcho = false)
    {
        var key = tenant.Clients[0].ApiKey;
        var prefix = key[..key.IndexOf('_', 3)];
        string[] traces = idsMayEcho
            ? [account.Reference, tenant.Slug, prefix]
            : [account.Id.ToString(), account.ConsumerId.ToString(), account.Reference, tenant.Clients[0].Id.ToString(), tenant.Slug, prefix];
        foreach (var secret in traces)
        {
            Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{what} leaked '{secret}': {body}");
        }
    }

    private sealed record PlacedAccount(Guid Id, string Reference, decimal Balance, Guid ConsumerId);
}
