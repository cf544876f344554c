using System.Text.Json.Nodes;
using Collections.Reporting.Apis;

namespace Collections.Reporting.Tests;

/// <summary>The daily aggregates and the fact scans give the same KPIs: a range that is not whole UTC days (read from the facts) around the same events.</summary>
public sealed class AggregateTests(ReportingServiceFactory service) : IClassFixture<ReportingServiceFactory>
{
    // One second either side of March: no event of the history falls in those seconds, so every KPI below is March's.
    private const string MarchToTheSecond = "from=2026-02-28T23:59:59Z&to=2026-04-01T00:00:01Z";

    private readonly ScriptedHistory history = new();

    private HttpClient Staff => service.StaffOf(history.TenantId);

    /// <summary>Each filter the API supports alone (the aggregates answer), none, and two at once (the facts answer both ways).</summary>
    private IEnumerable<string> Filters() =>
    [
        "", $"&clientId={history.ClientA}", $"&clientId={history.ClientB}", $"&placementId={history.PlacementP1}", "&segment=late",
        $"&strategyId={history.StrategyS1}", "&arm=challenger", "&agentId=agent-1", "&agentId=agent-2", $"&clientId={history.ClientA}&agentId=agent-2",
    ];

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
        await AssertAgentKpisAgreeAsync();
    }

    [Fact]
    public async Task First_call_resolution_days_to_collect_agents_and_arms_agree_after_a_redelivered_and_out_of_order_events()
    {
        await service.FeedAsync(history);
        var before = await Staff.KpiAsync<FirstCallResolution>("first-call-resolution");
        var events = history.Events().Count;

        // A3 pays before its first RPC arrives (the RPC, earlier, resolves it); A4's earlier RPC arrives late and becomes its
        // first (by agent-2, and no longer followed by the payment before the next RPC). The
        // late RPC is then delivered again under the same message id.
        var a3Payment = history.Payment(history.A3, history.ClientA, Guid.NewGuid(), 70m, ScriptedHistory.At(22, 10, 0), "agent-2");
        var a3Rpc = history.Rpc(history.A3, history.ClientA, Guid.NewGuid(), ScriptedHistory.At(22, 9, 30), "agent-2");
        var a4EarlierRpc = history.Rpc(history.A4, history.ClientB, Guid.NewGuid(), ScriptedHistory.At(5, 8, 0), "agent-2");
        await service.PublishAsync(a3Payment);
        await service.PublishAsync(a3Rpc);
        await service.PublishAsync(a4EarlierRpc);
        await service.WaitForLoggedAsync(history.TenantId, events + 3);
        var after = await Staff.KpiAsync<FirstCallResolution>("first-call-resolution");
        await AssertAgentKpisAgreeAsync();

        await service.PublishAsync(a4EarlierRpc);
        await service.WaitForInboxAsync(a4EarlierRpc.EventId);
        await service.PublishAsync(ReportingTestKit.Marker(history.TenantId, history.A3, history.ClientA));
        await service.WaitForLoggedAsync(history.TenantId, events + 4);

        // Before: A1, A2, A4 had an RPC, A2 and A4 resolved on it. After: A3 too, resolved; A4 no longer.
        Assert.Equal(new FirstCallResolution(3, 2, 0.6667m), before);
        Assert.Equal(new FirstCallResolution(4, 2, 0.5m), after);
        Assert.Equal(after, await Staff.KpiAsync<FirstCallResolution>("first-call-resolution"));
        await AssertAgentKpisAgreeAsync();
    }

    /// <summary>First-call resolution, days to collect, agent performance and champion/challenger: whole days (aggregates) equal the same range to the second (facts), under every filter.</summary>
    private async Task AssertAgentKpisAgreeAsync()
    {
        foreach (var filter in Filters())
        {
            Assert.Equal(
                await Staff.KpiAsync<FirstCallResolution>("first-call-resolution", ReportingTestKit.March + filter),
                await Staff.KpiAsync<FirstCallResolution>("first-call-resolution", MarchToTheSecond + filter));
            Assert.Equal(
                await Staff.KpiAsync<DaysToCollect>("days-to-collect", ReportingTestKit.March + filter),
                await Staff.KpiAsync<DaysToCollect>("days-to-collect", MarchToTheSecond + filter));
            Assert.Equal(
                await Staff.KpiAsync<List<AgentPerformance>>("agents", ReportingTestKit.March + filter),
                await Staff.KpiAsync<List<AgentPerformance>>("agents", MarchToTheSecond + filter));
            Assert.Equal(
                (await Staff.KpiAsync<JsonNode>("champion-challenger", ReportingTestKit.March + filter)).ToJsonString(),
                (await Staff.KpiAsync<JsonNode>("champion-challenger", MarchToTheSecond + filter)).ToJsonString());
        }
    }
}
