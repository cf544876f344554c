using System.Globalization;
using System.Net.Http.Headers;

namespace Collections.Web.Gateway;

/// <summary>What the supervisor dashboard asks the gateway, as the signed-in staff user.</summary>
public sealed class SupervisorApi(GatewayApi api)
{
    public Task<ApiResult<KpiAnswer<List<DailyCollection>>>> CollectedPerDayAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        api.GetAsync<KpiAnswer<List<DailyCollection>>>(Kpi("collected-per-day", filter), cancellationToken);

    public Task<ApiResult<KpiAnswer<LiquidationRate>>> LiquidationAsync(DashboardFilter filter, Guid? placementId = null, CancellationToken cancellationToken = default) =>
        api.GetAsync<KpiAnswer<LiquidationRate>>(Kpi("liquidation", filter, placementId), cancellationToken);

    public Task<ApiResult<KpiAnswer<ContactRates>>> ContactAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        api.GetAsync<KpiAnswer<ContactRates>>(Kpi("contact", filter), cancellationToken);

    public Task<ApiResult<KpiAnswer<PromiseRates>>> PromisesAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        api.GetAsync<KpiAnswer<PromiseRates>>(Kpi("promises", filter), cancellationToken);

    public Task<ApiResult<KpiAnswer<List<AgentPerformance>>>> AgentsAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        api.GetAsync<KpiAnswer<List<AgentPerformance>>>(Kpi("agents", filter), cancellationToken);

    public Task<ApiResult<KpiAnswer<ChampionChallenger>>> ChampionChallengerAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        api.GetAsync<KpiAnswer<ChampionChallenger>>(Kpi("champion-challenger", filter), cancellationToken);

    public Task<ApiResult<List<Complaint>>> OverdueComplaintsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<List<Complaint>>("api/v1/disputes/complaints/overdue", cancellationToken);

    public Task<ApiResult<List<StaffSettlement>>> ApprovalsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<List<StaffSettlement>>("api/v1/payments/settlements/approvals", cancellationToken);

    public Task<ApiResult<StaffSettlement>> ApproveAsync(Guid settlementId, CancellationToken cancellationToken = default) =>
        api.PostAsync<StaffSettlement>($"api/v1/payments/settlements/{settlementId}/approval", new { reason = "Approved from the supervisor dashboard" }, cancellationToken);

    public Task<ApiResult<StaffSettlement>> RejectAsync(Guid settlementId, string reason, CancellationToken cancellationToken = default) =>
        api.PostAsync<StaffSettlement>($"api/v1/payments/settlements/{settlementId}/rejection", new { reason }, cancellationToken);

    /// <summary>The tenant's clients (the admin API: admins only; others get a 403 and filter without names).</summary>
    public Task<ApiResult<List<ClientSummary>>> ClientsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<List<ClientSummary>>("api/v1/admin/clients", cancellationToken);

    public Task<ApiResult<PlacementResourcePage>> PlacementsAsync(int pageSize = 20, CancellationToken cancellationToken = default) =>
        api.GetAsync<PlacementResourcePage>($"api/v1/accounts/placements?pageSize={pageSize}", cancellationToken);

    public Task<ApiResult<PlacementResource>> PlacementAsync(Guid placementId, CancellationToken cancellationToken = default) =>
        api.GetAsync<PlacementResource>($"api/v1/accounts/placements/{placementId}", cancellationToken);

    /// <summary>The rejected and conflicting rows of a placement, as CSV.</summary>
    public Task<ApiResult<string>> PlacementRejectsAsync(Guid placementId, CancellationToken cancellationToken = default) =>
        api.GetTextAsync($"api/v1/accounts/placements/{placementId}/rejects", cancellationToken);

    /// <summary>Streams a placement file (CSV or JSON array) to Accounts; answers once every row is committed.</summary>
    public Task<ApiResult<PlacementResource>> PlaceAsync(Guid clientId, Stream file, string contentType, CancellationToken cancellationToken = default)
    {
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return api.SendAsync<PlacementResource>(HttpMethod.Post, $"api/v1/accounts/placements?clientId={clientId}", content, cancellationToken);
    }

    private static string Kpi(string name, DashboardFilter filter, Guid? placementId = null)
    {
        var from = new DateTimeOffset(filter.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(filter.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var query = string.Create(CultureInfo.InvariantCulture, $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}");
        if (filter.ClientId is { } client)
        {
            query += $"&clientId={client}";
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            query += $"&segment={Uri.EscapeDataString(filter.Segment.Trim())}";
        }

        if (placementId is { } placement)
        {
            query += $"&placementId={placement}";
        }

        return $"api/v1/reporting/kpis/{name}?{query}";
    }
}
