using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Collections.BuildingBlocks.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Collections.Gateway.Tests;

public sealed class ForwardingTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_keys_request_reaches_the_service_with_an_internal_token_naming_the_caller()
    {
        var (tenant, client, key) = await gateway.OnboardClientWithKeyAsync();

        var received = await ForwardedAsync(gateway.WithApiKey(key.Key));

        var identity = await ValidateInternalTokenAsync(received);
        Assert.Equal(tenant.Id.ToString(), identity.FindFirst(CallerClaims.TenantId)?.Value);
        Assert.Equal(client.Id.ToString(), identity.FindFirst(CallerClaims.ClientId)?.Value);
        Assert.Equal(ActorKinds.Client, identity.FindFirst(CallerClaims.Actor)?.Value);
        Assert.Equal(key.Prefix, identity.FindFirst(CallerClaims.Credential)?.Value);
    }

    [Fact]
    public async Task The_internal_token_carries_no_gateway_only_claims()
    {
        var (_, _, key) = await gateway.OnboardClientWithKeyAsync();

        var received = await ForwardedAsync(gateway.WithApiKey(key.Key));

        var identity = await ValidateInternalTokenAsync(received);
        Assert.DoesNotContain(identity.Claims, c => c.Type == "rate_limit");
    }

    [Fact]
    public async Task A_staff_request_reaches_the_service_with_the_users_roles()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var supervisor = await gateway.AddStaffAsync(tenant, "supervisor");

        var received = await ForwardedAsync(supervisor.Client);

        var identity = await ValidateInternalTokenAsync(received);
        Assert.Equal(tenant.Id.ToString(), identity.FindFirst(CallerClaims.TenantId)?.Value);
        Assert.Equal(supervisor.UserId.ToString(), identity.FindFirst(CallerClaims.Subject)?.Value);
        Assert.Equal(ActorKinds.Staff, identity.FindFirst(CallerClaims.Actor)?.Value);
        Assert.Equal(["supervisor"], identity.FindAll(CallerClaims.Role).Select(c => c.Value));
    }

    [Fact]
    public async Task The_callers_api_key_and_a_tenant_header_it_sent_are_not_forwarded()
    {
        var (_, _, key) = await gateway.OnboardClientWithKeyAsync();
        var caller = gateway.WithApiKey(key.Key);
        caller.DefaultRequestHeaders.Add("x-tenant-id", Guid.NewGuid().ToString());
        caller.DefaultRequestHeaders.Add("Cookie", "session=stolen");

        var received = await ForwardedAsync(caller);

        Assert.DoesNotContain("x-api-key", received.Headers.Keys);
        Assert.DoesNotContain("x-tenant-id", received.Headers.Keys);
        Assert.DoesNotContain("cookie", received.Headers.Keys);
        Assert.DoesNotContain(key.Key, string.Join('\n', received.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_callers_own_bearer_token_is_replaced_by_the_internal_token()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var received = await ForwardedAsync(tenant.Client);

        Assert.DoesNotContain(tenant.Tokens.AccessToken, received.Headers["authorization"], StringComparison.Ordinal);
        await ValidateInternalTokenAsync(received);
    }

    [Fact]
    public async Task A_request_without_credentials_is_401_and_never_reaches_the_service()
    {
        var path = $"/api/v1/accounts/accounts/{Guid.NewGuid()}";

        var response = await gateway.Anonymous().GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(gateway.Accounts.HasReceived(path));
    }

    [Fact]
    public async Task A_request_with_only_a_tenant_header_is_401_and_never_reaches_the_service()
    {
        var (tenant, _, _) = await gateway.OnboardClientWithKeyAsync();
        var path = $"/api/v1/accounts/accounts/{Guid.NewGuid()}";
        var caller = gateway.Anonymous();
        caller.DefaultRequestHeaders.Add("x-tenant-id", tenant.Id.ToString());

        var response = await caller.PostAsJsonAsync(path, new { }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(gateway.Accounts.HasReceived(path));
    }

    /// <summary>Sends a request through the gateway to the accounts service and returns what the service received.</summary>
    private static async Task<EchoedRequest> ForwardedAsync(HttpClient caller)
    {
        var path = $"/api/v1/accounts/accounts/{Guid.NewGuid()}";
        var response = await caller.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = (await response.Content.ReadFromJsonAsync<EchoedRequest>(Cancel))!;
        Assert.Equal(path, received.Path);
        return received;
    }

    private async Task<ClaimsIdentity> ValidateInternalTokenAsync(EchoedRequest received)
    {
        Assert.True(received.Headers.TryGetValue("authorization", out var authorization), "No Authorization header was forwarded.");
        Assert.StartsWith("Bearer ", authorization);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(authorization["Bearer ".Length..], InternalTokens.ValidationParameters(gateway.InternalPublicKey));
        Assert.True(result.IsValid, result.Exception?.Message);
        return result.ClaimsIdentity;
    }
}
