using Collections.Reporting.Apis;

namespace Collections.Reporting.Tests;

/// <summary>The daily aggregates and the fact scans give the same KPIs: a range that is not whole UTC days (read from the facts) around the same events.</summary>
public sealed class AggregateTests(ReportingServiceFactory service) : IClassFixture<ReportingServiceFactory>
{
    // One second either side of March: no event of the history falls in those seconds, so every KPI below is March's.
    private const string MarchToTheSecond = "from=2026-02-28T23:59:59Z&to=2026-04-01T00:00:01Z";

    private readonly ScriptedHistory history = new();

    private HttpClient Staff => service.StaffOf(history.TenantId);

    [Fact]
    public async Task KPIs_read_from_the_aggregates_equal_those_read_from_the_facts()
    {
        await service.FeedAsync(history);

        Assert.Equal(await Staff.KpiAsync<ContactRates>("contact"), await Staff.KpiAsync<ContactRates>("contact", MarchToTheSecond));
        Assert.Equal(await Staff.KpiAsync<PromiseRates>("promises"), await Staff.KpiAsync<PromiseRates>("promises", MarchToTheSecond));
        Assert.Equal(await Staff.KpiAsync<LiquidationRate>("liquidation"), await Staff.KpiAsync<LiquidationRate>("liquidation", MarchToTheSecond));
        Assert.Equal(await Staff.KpiAsync<RecoveryRate>("recovery"), await Staff.KpiAsync<RecoveryRate>("recovery", MarchToTheSecond));
        Assert.Equal(
            await Staff.KpiAsync<DisputeAndComplaintRates>("disputes-and-complaints"),
            await Staff.KpiAsync<DisputeAndComplaintRates>("disputes-and-complaints", MarchToTheSecond));
    }
}
