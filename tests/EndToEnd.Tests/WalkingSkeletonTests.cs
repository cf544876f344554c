using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.IntegrationTesting;

namespace Collections.EndToEnd.Tests;

public sealed class WalkingSkeletonTests(PlatformApp platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_account_placed_through_the_gateway_reaches_reporting_and_every_service_read_model()
    {
        var tenant = await TestTenant.OnboardAsync(platform);
        var tenantId = tenant.Id;
        using var gateway = tenant.WithKey(tenant.Clients[0]);

        var placed = await gateway.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = "E2E-1",
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Ann", lastName = "Lee", dateOfBirth = "1980-02-29", postalCode = "02139" },
            jurisdiction = "MA",
            currency = "USD",
            principal = 1000.10m,
            interest = 20m,
            fees = 15.5m,
        }, Cancel);
        var sincePlaced = Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.True(placed.Headers.Contains("X-Correlation-Id"));
        var accountId = (await placed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();

        var portfolio = await Eventually.Until(
            () => gateway.GetFromJsonAsync<JsonElement>("/api/v1/reporting/portfolio", Cancel),
            p => p.GetProperty("accounts").GetInt32() == 1,
            Deadline,
            "the placement in the reporting portfolio");
        TestContext.Current.SendDiagnosticMessage($"Placement visible in reporting after {sincePlaced.ElapsedMilliseconds} ms");
        var usd = Assert.Single(portfolio.GetProperty("placedBalances").EnumerateArray());
        Assert.Equal("USD", usd.GetProperty("currency").GetString());
        Assert.Equal(1035.60m, usd.GetProperty("amount").GetDecimal());

        foreach (var service in new[] { "outreach", "payments", "disputes" })
        {
            // Each service filled its read model from AccountPlaced plus a gRPC GetAccount call to Accounts.
            var copy = await Eventually.Until(
                () => gateway.GetAsync($"/api/v1/{service}/accounts/{accountId}", Cancel),
                r => r.StatusCode == HttpStatusCode.OK,
                Deadline,
                $"{service}'s copy of the account");
            var body = await copy.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.Equal(tenantId, body.GetProperty("tenantId").GetGuid());
        }

        var payable = await gateway.GetFromJsonAsync<JsonElement>($"/api/v1/payments/accounts/{accountId}", Cancel);
        Assert.Equal(1035.60m, payable.GetProperty("balance").GetDecimal());
        var contactable = await gateway.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{accountId}", Cancel);
        Assert.Equal("Ann Lee", contactable.GetProperty("consumerName").GetString());
    }

    [Fact]
    public async Task Another_tenant_sees_neither_the_account_nor_its_balance_through_the_gateway()
    {
        var ownerTenant = await TestTenant.OnboardAsync(platform);
        var strangerTenant = await TestTenant.OnboardAsync(platform);
        using var owner = ownerTenant.WithKey(ownerTenant.Clients[0]);
        using var stranger = strangerTenant.WithKey(strangerTenant.Clients[0]);
        var placed = await owner.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = "E2E-2",
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Bo", lastName = "Ray", dateOfBirth = "1975-07-04", postalCode = "73301" },
            jurisdiction = "TX",
            currency = "USD",
            principal = 50m,
            interest = 0m,
            fees = 0m,
        }, Cancel);
        var accountId = (await placed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();
        await Eventually.Until(
            () => owner.GetFromJsonAsync<JsonElement>("/api/v1/reporting/portfolio", Cancel),
            p => p.GetProperty("accounts").GetInt32() == 1,
            Deadline,
            "the owner's portfolio");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/accounts/accounts/{accountId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/payments/accounts/{accountId}", Cancel)).StatusCode);
        var strangersPortfolio = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/reporting/portfolio", Cancel);
        Assert.Equal(0, strangersPortfolio.GetProperty("accounts").GetInt32());
    }

    [Fact]
    public async Task The_gateway_serves_every_services_OpenAPI_document()
    {
        using var gateway = platform.Gateway();

        foreach (var service in new[] { "accounts", "outreach", "payments", "disputes", "reporting" })
        {
            var document = await gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json", Cancel);
            Assert.Contains(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith($"/api/v1/{service}/", StringComparison.Ordinal));
        }
    }
}
