using System.Net;
using System.Net.Http.Json;
using Collections.IntegrationTesting;
using Collections.Reporting.Apis;

namespace Collections.Reporting.Tests;

/// <summary>Who sees which figures, client reports, and malformed queries.</summary>
public sealed class AccessAndValidationTests(ReportingServiceFactory service) : IClassFixture<ReportingServiceFactory>
{
    private readonly ScriptedHistory history = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_sees_only_its_own_accounts_figures_whatever_client_it_asks_for()
    {
        await service.FeedAsync(history);
        var clientA = service.ClientFor(TestCallers.Client(history.TenantId, history.ClientA));

        var contact = await clientA.KpiAsync<ContactRates>("contact", $"{ReportingTestKit.March}&clientId={history.ClientB}");
        var liquidation = await clientA.KpiAsync<LiquidationRate>("liquidation");

        // Client A: calls #1–#6, connected #2 #4 #5, RPCs A1 A2. Placed A1 + A2 + A3 = 3500, collected 200 + 100 + 50 − 50 = 300.
        Assert.Equal(new ContactRates(6, 3, 2, 0.5m, 0.3333m), contact);
        Assert.Equal(new LiquidationRate(3, 3500m, 300m, 0.0857m), liquidation);
    }

    [Fact]
    public async Task Another_tenants_staff_see_none_of_the_figures()
    {
        await service.FeedAsync(history);
        var stranger = service.StaffOf(Guid.NewGuid());

        var answer = await stranger.GetFromJsonAsync<KpiAnswer<ContactRates>>($"/api/v1/reporting/kpis/contact?{ReportingTestKit.March}", Cancel);

        Assert.Equal(new ContactRates(0, 0, 0, null, null), answer!.Value);
        Assert.Null(answer.Freshness.LastEventOccurredAt);
    }

    [Fact]
    public async Task A_consumer_may_not_read_KPIs()
    {
        var response = await service.ClientFor(TestCallers.Consumer(history.TenantId, Guid.NewGuid())).GetAsync($"/api/v1/reporting/kpis/contact?{ReportingTestKit.March}", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/reporting/kpis/contact")]
    [InlineData("/api/v1/reporting/kpis/contact?from=yesterday&to=2026-04-01T00:00:00Z")]
    [InlineData("/api/v1/reporting/kpis/contact?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z")]
    [InlineData("/api/v1/reporting/kpis/liquidation?from=2025-01-01T00:00:00Z&to=2026-04-01T00:00:00Z")]
    [InlineData("/api/v1/reporting/kpis/champion-challenger?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&arm=villain")]
    [InlineData("/api/v1/reporting/kpis/recovery?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&currency=usd")]
    [InlineData("/api/v1/reporting/kpis/agents?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&clientId=not-a-guid")]
    [InlineData("/api/v1/reporting/client-reports/placements?format=xml")]
    [InlineData("/api/v1/reporting/client-reports/collections?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z")]
    public async Task Malformed_query_parameters_are_a_400_problem(string path)
    {
        var response = await service.StaffOf(history.TenantId).GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_client_downloads_its_placements_collections_remittances_and_statuses_as_JSON_and_CSV()
    {
        await service.FeedAsync(history);
        var clientA = service.ClientFor(TestCallers.Client(history.TenantId, history.ClientA));

        var placements = await clientA.GetFromJsonAsync<List<PlacementRow>>($"/api/v1/reporting/client-reports/placements?clientId={history.ClientB}", Cancel);
        var collections = await clientA.GetFromJsonAsync<List<CollectionRow>>("/api/v1/reporting/client-reports/collections", Cancel);
        var remittances = await clientA.GetFromJsonAsync<List<RemittanceRow>>("/api/v1/reporting/client-reports/remittances", Cancel);
        var statuses = await clientA.GetFromJsonAsync<List<StatusRow>>("/api/v1/reporting/client-reports/statuses", Cancel);
        var csv = await clientA.GetAsync("/api/v1/reporting/client-reports/collections?format=csv", Cancel);

        Assert.Equal(new[] { history.A1, history.A2, history.A3 }.Order(), placements!.Select(p => p.AccountId).Order());
        Assert.Equal(new[] { 100m, 200m, 50m, -50m }, collections!.Select(c => c.Amount));
        Assert.Equal(210m, Assert.Single(remittances!).NetDue);
        Assert.Equal("PaidInFull", statuses!.Single(s => s.AccountId == history.A2).Status);
        Assert.DoesNotContain(statuses!, s => s.AccountId == history.A4);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("occurredAt,accountId,clientId,clientReference,paymentId,kind,amount,currency", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.EndsWith(",reversal,-50.00,USD", lines[4]);
    }
}
