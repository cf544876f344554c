using System.Net;

namespace Collections.Gateway.Tests;

public sealed class OffboardingTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Offboarding_makes_the_admins_current_access_token_fail()
    {
        var tenant = await gateway.OnboardTenantAsync();

        await OffboardAsync(tenant);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Client.GetAsync("/api/v1/admin/users", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Offboarding_makes_the_refresh_token_fail()
    {
        var tenant = await gateway.OnboardTenantAsync();

        await OffboardAsync(tenant);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.RefreshAsync(tenant.Tokens.RefreshToken!)).StatusCode);
    }

    [Fact]
    public async Task Offboarding_makes_every_api_key_of_the_tenant_fail()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var first = await gateway.AddClientAsync(tenant);
        var second = await gateway.AddClientAsync(tenant);
        var keys = new[]
        {
            await gateway.AddApiKeyAsync(tenant, first.Id),
            await gateway.AddApiKeyAsync(tenant, first.Id),
            await gateway.AddApiKeyAsync(tenant, second.Id),
        };

        await OffboardAsync(tenant);

        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.WithApiKey(key.Key).GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);
        }
    }

    [Fact]
    public async Task Offboarded_staff_cannot_sign_in_again()
    {
        var tenant = await gateway.OnboardTenantAsync();

        await OffboardAsync(tenant);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, tenant.Admin.Password)).StatusCode);
    }

    [Fact]
    public async Task Offboarding_one_tenant_leaves_other_tenants_credentials_working()
    {
        var (other, _, otherKey) = await gateway.OnboardClientWithKeyAsync();
        var tenant = await gateway.OnboardTenantAsync();

        await OffboardAsync(tenant);

        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/api/v1/admin/users", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.WithApiKey(otherKey.Key).GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);
    }

    private async Task OffboardAsync(TenantAdmin tenant)
    {
        var response = await gateway.Platform().PostAsync($"/api/v1/platform/tenants/{tenant.Id}/offboard", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
