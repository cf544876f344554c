using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Gateway.Apis;

namespace Collections.Gateway.Tests;

public sealed class OnboardingTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_platform_key_onboards_a_tenant_whose_admin_can_then_sign_in()
    {
        var slug = $"t-{Guid.NewGuid():N}";
        var admin = new StaffCredentials($"admin@{slug}.example", "a-long-enough-password");

        var response = await gateway.Platform().PostAsJsonAsync("/api/v1/platform/tenants", GatewayFactory.Onboarding(slug, admin), Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tenant = (await response.Content.ReadFromJsonAsync<TenantResponse>(Cancel))!;
        Assert.Equal(slug, tenant.Slug);
        Assert.Equal("Active", tenant.Status);
        var signIn = await gateway.RequestSignInAsync(slug, admin.Email, admin.Password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Onboarding_a_taken_slug_is_a_409_problem()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var again = await gateway.Platform().PostAsJsonAsync(
            "/api/v1/platform/tenants",
            GatewayFactory.Onboarding(tenant.Slug, new StaffCredentials($"other@{tenant.Slug}.example", "a-long-enough-password")),
            Cancel);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_invalid_tenant_is_a_400_problem_with_an_error_per_field()
    {
        var invalid = GatewayFactory.Onboarding("Not A Slug!", new StaffCredentials("not-an-email", "short"));

        var response = await gateway.Platform().PostAsJsonAsync("/api/v1/platform/tenants", invalid, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("slug", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("admin.email", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("admin.password", out _), errors.ToString());
    }

    [Fact]
    public async Task An_empty_onboarding_body_is_a_400_problem()
    {
        var response = await gateway.Platform().PostAsJsonAsync("/api/v1/platform/tenants", new { }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_platform_api_without_a_key_is_401()
    {
        var response = await gateway.Anonymous().GetAsync("/api/v1/platform/tenants", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_platform_api_refuses_a_tenant_admins_token_with_403()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var response = await tenant.Client.GetAsync("/api/v1/platform/tenants", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_platform_api_refuses_a_client_api_key_with_403()
    {
        var (_, _, key) = await gateway.OnboardClientWithKeyAsync();

        var response = await gateway.WithApiKey(key.Key).GetAsync("/api/v1/platform/tenants", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("ck_unknownkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_or_malformed_api_key_is_a_401_problem(string key)
    {
        var response = await gateway.WithApiKey(key).GetAsync("/api/v1/platform/tenants", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
