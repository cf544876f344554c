using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Gateway.Apis;

namespace Collections.Gateway.Tests;

public sealed class AdminTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("agent")]
    [InlineData("supervisor")]
    [InlineData("compliance-officer")]
    public async Task Staff_without_the_admin_role_cannot_call_the_admin_api(string role)
    {
        var tenant = await gateway.OnboardTenantAsync();
        var staff = await gateway.AddStaffAsync(tenant, role);

        var response = await staff.Client.PostAsJsonAsync("/api/v1/admin/clients", new { name = "Acme Bank" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_client_api_key_cannot_call_the_admin_api()
    {
        var (_, client, key) = await gateway.OnboardClientWithKeyAsync();

        var response = await gateway.WithApiKey(key.Key).GetAsync($"/api/v1/admin/clients/{client.Id}", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_admin_gets_404_for_a_client_id()
    {
        var (_, clientOfA, _) = await gateway.OnboardClientWithKeyAsync();
        var tenantB = await gateway.OnboardTenantAsync();

        var response = await tenantB.Client.GetAsync($"/api/v1/admin/clients/{clientOfA.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_admin_cannot_change_a_clients_settings()
    {
        var (tenantA, clientOfA, _) = await gateway.OnboardClientWithKeyAsync();
        var tenantB = await gateway.OnboardTenantAsync();

        var response = await tenantB.Client.PutAsJsonAsync($"/api/v1/admin/clients/{clientOfA.Id}/settings", Settings(agentDiscount: 50, supervisorDiscount: 60), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var unchanged = await tenantA.Client.GetFromJsonAsync<ClientResponse>($"/api/v1/admin/clients/{clientOfA.Id}", Cancel);
        Assert.Equal(clientOfA.Settings.AgentSettlementDiscountPercent, unchanged!.Settings.AgentSettlementDiscountPercent);
    }

    [Fact]
    public async Task Another_tenants_admin_cannot_create_or_revoke_a_clients_api_keys()
    {
        var (_, clientOfA, keyOfA) = await gateway.OnboardClientWithKeyAsync();
        var tenantB = await gateway.OnboardTenantAsync();

        var created = await tenantB.Client.PostAsJsonAsync($"/api/v1/admin/clients/{clientOfA.Id}/api-keys", new { name = "stolen" }, Cancel);
        var revoked = await tenantB.Client.DeleteAsync($"/api/v1/admin/clients/{clientOfA.Id}/api-keys/{keyOfA.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.WithApiKey(keyOfA.Key).GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_admin_sees_only_their_own_users()
    {
        var tenantA = await gateway.OnboardTenantAsync();
        var tenantB = await gateway.OnboardTenantAsync();

        var users = await tenantB.Client.GetFromJsonAsync<UserResponse[]>("/api/v1/admin/users", Cancel);

        Assert.Equal([tenantB.AdminUserId], users!.Select(u => u.Id));
        Assert.DoesNotContain(users!, u => u.Id == tenantA.AdminUserId);
    }

    [Fact]
    public async Task Another_tenants_admin_cannot_disable_a_user()
    {
        var tenantA = await gateway.OnboardTenantAsync();
        var tenantB = await gateway.OnboardTenantAsync();

        var response = await tenantB.Client.PostAsync($"/api/v1/admin/users/{tenantA.AdminUserId}/disable", null, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenantA.Client.GetAsync("/api/v1/admin/users", Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_and_listed_only_by_its_prefix()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);

        var created = await gateway.AddApiKeyAsync(tenant, client.Id);

        Assert.StartsWith(created.Prefix + "_", created.Key);
        var listing = await tenant.Client.GetStringAsync($"/api/v1/admin/clients/{client.Id}/api-keys", Cancel);
        var secret = created.Key[(created.Prefix.Length + 1)..];
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);
        var listed = Assert.Single(JsonSerializer.Deserialize<JsonElement[]>(listing, JsonSerializerOptions.Web)!);
        Assert.Equal(created.Prefix, listed.GetProperty("prefix").GetString());
        Assert.False(listed.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task A_revoked_api_key_is_401()
    {
        var (tenant, client, key) = await gateway.OnboardClientWithKeyAsync();
        var caller = gateway.WithApiKey(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);

        var revoked = await tenant.Client.DeleteAsync($"/api/v1/admin/clients/{client.Id}/api-keys/{key.Id}", Cancel);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await caller.GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_discount_below_the_agent_discount_is_a_400_problem()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);

        var response = await tenant.Client.PutAsJsonAsync($"/api/v1/admin/clients/{client.Id}/settings", Settings(agentDiscount: 20, supervisorDiscount: 10), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("supervisorSettlementDiscountPercent", out _), errors.ToString());
    }

    [Fact]
    public async Task A_new_client_with_a_supervisor_discount_below_the_agent_discount_is_a_400_problem()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var response = await tenant.Client.PostAsJsonAsync("/api/v1/admin/clients", new { name = "Acme Bank", settings = Settings(agentDiscount: 20, supervisorDiscount: 10) }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("supervisorSettlementDiscountPercent", out _), errors.ToString());
        Assert.Empty((await tenant.Client.GetFromJsonAsync<ClientResponse[]>("/api/v1/admin/clients", Cancel))!);
    }

    [Fact]
    public async Task Coherent_client_settings_are_saved()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);

        var response = await tenant.Client.PutAsJsonAsync($"/api/v1/admin/clients/{client.Id}/settings", Settings(agentDiscount: 15, supervisorDiscount: 40), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await tenant.Client.GetFromJsonAsync<ClientResponse>($"/api/v1/admin/clients/{client.Id}", Cancel);
        Assert.Equal(15m, stored!.Settings.AgentSettlementDiscountPercent);
        Assert.Equal(40m, stored.Settings.SupervisorSettlementDiscountPercent);
        Assert.Equal(["principal", "interest", "fees"], stored.Settings.PaymentApplicationOrder);
    }

    private static object Settings(decimal agentDiscount, decimal supervisorDiscount) => new
    {
        contingencyFeePercent = 25m,
        agentSettlementDiscountPercent = agentDiscount,
        supervisorSettlementDiscountPercent = supervisorDiscount,
        paymentApplicationOrder = new[] { "principal", "interest", "fees" },
    };
}
