using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Gateway.Security;

namespace Collections.Gateway.Tests;

public sealed class RateLimitTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const int ApiKeyPerMinute = 3;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_request_over_the_tenants_api_key_limit_is_a_429_problem_with_retry_after()
    {
        var (tenant, _, key) = await gateway.OnboardClientWithKeyAsync();
        await LimitApiKeysAsync(tenant);
        var caller = gateway.WithApiKey(key.Key);
        for (var request = 1; request <= ApiKeyPerMinute; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);
        }

        var over = await caller.GetAsync("/api/v1/accounts/accounts", Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.InRange(over.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        var problem = await over.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.EndsWith("/rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Another_key_of_the_same_tenant_is_not_limited_by_the_first_keys_requests()
    {
        var (tenant, client, key) = await gateway.OnboardClientWithKeyAsync();
        var otherKey = await gateway.AddApiKeyAsync(tenant, client.Id);
        await LimitApiKeysAsync(tenant);
        var caller = gateway.WithApiKey(key.Key);
        for (var request = 1; request <= ApiKeyPerMinute + 1; request++)
        {
            await caller.GetAsync("/api/v1/accounts/accounts", Cancel);
        }

        var response = await gateway.WithApiKey(otherKey.Key).GetAsync("/api/v1/accounts/accounts", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Rejected_requests_do_not_reach_the_service()
    {
        var (tenant, _, key) = await gateway.OnboardClientWithKeyAsync();
        await LimitApiKeysAsync(tenant);
        var caller = gateway.WithApiKey(key.Key);
        for (var request = 1; request <= ApiKeyPerMinute; request++)
        {
            await caller.GetAsync("/api/v1/accounts/accounts", Cancel);
        }

        var path = $"/api/v1/accounts/accounts/{Guid.NewGuid()}";
        var over = await caller.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.False(gateway.Accounts.HasReceived(path));
    }

    [Fact]
    public async Task Sign_ins_from_one_address_over_the_limit_are_a_429_problem()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var sameAddress = gateway.Anonymous();
        var attempt = new { tenant = tenant.Slug, email = $"nobody@{tenant.Slug}.example", password = "not-a-password" };
        for (var request = 1; request <= GatewayRateLimits.SignInsPerMinutePerAddress; request++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await sameAddress.PostAsJsonAsync("/api/v1/auth/token", attempt, Cancel)).StatusCode);
        }

        var over = await sameAddress.PostAsJsonAsync("/api/v1/auth/token", new { tenant = tenant.Slug, email = tenant.Admin.Email, password = tenant.Admin.Password }, Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.NotNull(over.Headers.RetryAfter);
        Assert.EndsWith("/rate-limited", (await over.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, tenant.Admin.Password)).StatusCode);
    }

    [Fact]
    public async Task A_forged_forwarded_address_from_a_caller_that_is_not_a_known_proxy_does_not_escape_the_sign_in_limit()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var untrusted = gateway.Anonymous();
        var attempt = new { tenant = tenant.Slug, email = $"nobody@{tenant.Slug}.example", password = "not-a-password" };
        for (var request = 1; request <= GatewayRateLimits.SignInsPerMinutePerAddress; request++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(untrusted, attempt, forwardedFor: $"198.51.100.{request}")).StatusCode);
        }

        var over = await SignInAsync(untrusted, attempt, forwardedFor: "198.51.100.200");

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
    }

    [Fact]
    public async Task Sign_ins_the_web_front_end_forwards_are_limited_per_forwarded_client()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var web = gateway.From(GatewayFactory.WebFrontEndAddress);
        var attempt = new { tenant = tenant.Slug, email = $"nobody@{tenant.Slug}.example", password = "not-a-password" };
        var (first, second) = (NextDocumentationAddress(), NextDocumentationAddress());
        for (var request = 1; request <= GatewayRateLimits.SignInsPerMinutePerAddress; request++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(web, attempt, forwardedFor: first)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(web, attempt, forwardedFor: first)).StatusCode);
        // Only the entry the front end added counts, not one its own client put in front of it.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(web, attempt, forwardedFor: $"{second}, {first}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(web, attempt, forwardedFor: second)).StatusCode);
    }

    [Fact]
    public async Task Rate_limits_outside_their_bounds_are_a_400_problem()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var response = await tenant.Client.PutAsJsonAsync("/api/v1/admin/rate-limits", new { apiKeyPerMinute = 0, consumerSessionPerMinute = 60, staffUserPerMinute = 1200 }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("apiKeyPerMinute", out _), errors.ToString());
    }

    private static int lastDocumentationAddress;

    /// <summary>A client address of its own (TEST-NET-3), so tests share no partition.</summary>
    private static string NextDocumentationAddress() => $"203.0.113.{Interlocked.Increment(ref lastDocumentationAddress)}";

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, object attempt, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(attempt) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, Cancel);
    }

    private static async Task LimitApiKeysAsync(TenantAdmin tenant)
    {
        var response = await tenant.Client.PutAsJsonAsync(
            "/api/v1/admin/rate-limits",
            new { apiKeyPerMinute = ApiKeyPerMinute, consumerSessionPerMinute = 60, staffUserPerMinute = 1200 },
            Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
