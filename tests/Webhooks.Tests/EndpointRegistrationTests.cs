using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collections.Gateway.Apis;

namespace Collections.Webhooks.Tests;

[Collection(GatewayCollection.Name)]
public sealed class EndpointRegistrationTests(GatewayApp gateway)
{
    private const string Url = "https://hooks.creditor.example/collections";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_an_endpoint_shows_its_signing_secret_once()
    {
        var client = await gateway.OnboardClientAsync();

        var endpoint = await client.RegisterEndpointAsync(Url, "account.placed", "payment.posted");

        Assert.StartsWith("whsec_", endpoint.Secret, StringComparison.Ordinal);
        Assert.Equal(["account.placed", "payment.posted"], endpoint.Events);
        var listed = await client.Http.GetStringAsync("/api/v1/webhooks/endpoints", Ct);
        Assert.Contains(endpoint.Id.ToString(), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret\"", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_event_type_is_a_validation_problem()
    {
        var client = await gateway.OnboardClientAsync();

        var response = await client.Http.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = Url, events = new[] { "account.placed", "account.exploded" } }, Ct);

        var errors = await ValidationErrorsAsync(response);
        Assert.Contains("account.exploded", errors.GetProperty("events")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_event_types_is_a_validation_problem()
    {
        var client = await gateway.OnboardClientAsync();

        var response = await client.Http.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = Url, events = Array.Empty<string>() }, Ct);

        Assert.True((await ValidationErrorsAsync(response)).TryGetProperty("events", out _));
    }

    [Theory]
    [InlineData("http://hooks.creditor.example/collections")]
    [InlineData("ftp://hooks.creditor.example/collections")]
    [InlineData("/collections")]
    [InlineData("not a url")]
    [InlineData("https://user:password@hooks.creditor.example/collections")]
    public async Task A_url_that_is_not_absolute_https_is_a_validation_problem(string url)
    {
        var client = await gateway.OnboardClientAsync();

        var response = await client.Http.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url, events = new[] { "account.placed" } }, Ct);

        Assert.True((await ValidationErrorsAsync(response)).TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Plain_http_to_a_loopback_host_is_accepted_where_configured()
    {
        var client = await gateway.OnboardClientAsync();

        var endpoint = await client.RegisterEndpointAsync("http://127.0.0.1:9/hooks", "account.placed");

        Assert.Equal("http://127.0.0.1:9/hooks", endpoint.Url);
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem()
    {
        var client = await gateway.OnboardClientAsync();

        var response = await client.Http.PostAsync("/api/v1/webhooks/endpoints", new StringContent("{\"url\": ", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_clients_endpoint_answers_404_to_delete_and_rotate()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var owner = await gateway.AddClientAsync(tenant);
        var sameTenant = await gateway.AddClientAsync(tenant);
        var otherTenant = await gateway.OnboardClientAsync();
        var endpoint = await owner.RegisterEndpointAsync(Url, "account.placed");

        foreach (var stranger in new[] { sameTenant, otherTenant })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.DeleteAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}/rotate-secret", null, Ct)).StatusCode);
            Assert.Empty((await stranger.Http.GetFromJsonAsync<WebhookEndpointResponse[]>("/api/v1/webhooks/endpoints", GatewayApp.Json, Ct))!);
        }

        Assert.Single((await owner.Http.GetFromJsonAsync<WebhookEndpointResponse[]>("/api/v1/webhooks/endpoints", GatewayApp.Json, Ct))!);
    }

    [Fact]
    public async Task Rotating_a_secret_returns_a_new_one()
    {
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(Url, "account.placed");

        var response = await client.Http.PostAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}/rotate-secret", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = (await response.Content.ReadFromJsonAsync<WebhookSecretResponse>(GatewayApp.Json, Ct))!;
        Assert.StartsWith("whsec_", rotated.Secret, StringComparison.Ordinal);
        Assert.NotEqual(endpoint.Secret, rotated.Secret);
    }

    [Fact]
    public async Task A_deleted_endpoint_is_no_longer_listed()
    {
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(Url, "account.placed");

        var deleted = await client.Http.DeleteAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await client.Http.GetFromJsonAsync<WebhookEndpointResponse[]>("/api/v1/webhooks/endpoints", GatewayApp.Json, Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.DeleteAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_cannot_manage_webhooks()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = Url, events = new[] { "account.placed" } }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_delivery_status_filter_is_a_validation_problem()
    {
        var client = await gateway.OnboardClientAsync();

        var response = await client.Http.GetAsync("/api/v1/webhooks/deliveries?status=lost", Ct);

        Assert.True((await ValidationErrorsAsync(response)).TryGetProperty("status", out _));
    }

    private static async Task<JsonElement> ValidationErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
    }
}
