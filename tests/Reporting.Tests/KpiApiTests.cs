using System.Net.Http.Json;
using Collections.Reporting.Apis;

namespace Collections.Reporting.Tests;

/// <summary>Every KPI of <see cref="ScriptedHistory"/>, computed by hand (March 2026 unless said otherwise).</summary>
public sealed class KpiApiTests(ReportingServiceFactory service) : IClassFixture<ReportingServiceFactory>
{
    private readonly ScriptedHistory history = new();

    private HttpClient Staff => service.StaffOf(history.TenantId);

    [Fact]
    public async Task Liquidation_is_collected_over_placed_for_the_vintage_including_a_payment_that_arrived_before_its_account()
    {
        await service.FeedAsync(history);

        var liquidation = await Staff.KpiAsync<LiquidationRate>("liquidation");

        // Placed in March: A1 1000 + A2 500 + A3 2000 + A4 800 = 4300.
        // Collected: pay1 200 (arrived before A1's placement) + pay2 100 + pay3 50 + pay4 300 − reversal of pay3 50 = 600.
        // 600 / 4300 = 0.13953… → 0.1395.
        Assert.Equal(new LiquidationRate(4, 4300m, 600m, 0.1395m), liquidation);
    }

    [Fact]
    public async Task Recovery_is_collected_in_the_range_over_the_balance_outstanding_at_its_start()
    {
        await service.FeedAsync(history);

        var recovery = await Staff.KpiAsync<RecoveryRate>("recovery", "from=2026-03-08T00:00:00Z&to=2026-04-01T00:00:00Z");

        // Collected from 8 March: pay1 200 + pay3 50 − reversal 50 = 200.
        // Outstanding on 8 March: placed 4300 − collected before (pay2 100 + pay4 300) = 3900. 200 / 3900 = 0.05128… → 0.0513.
        Assert.Equal(new RecoveryRate(200m, 3900m, 0.0513m), recovery);
    }

    [Fact]
    public async Task Contact_and_RPC_rates_count_call_attempts_only()
    {
        await service.FeedAsync(history);

        var contact = await Staff.KpiAsync<ContactRates>("contact");

        // Call attempts: #1–#7 (the SMS does not count) = 7. Connected (a person answered): #2 RPC, #4 RPC, #5 wrong party, #7 RPC = 4.
        // RPCs: A1, A2, A4 = 3. 4 / 7 = 0.5714; 3 / 7 = 0.4286.
        Assert.Equal(new ContactRates(7, 4, 3, 0.5714m, 0.4286m), contact);
    }

    [Fact]
    public async Task PTP_rate_is_promises_over_RPCs_and_kept_rate_is_kept_over_promises_due()
    {
        await service.FeedAsync(history);

        var promises = await Staff.KpiAsync<PromiseRates>("promises");

        // Promises P1, P2 = 2 over 3 RPCs = 0.6667. Due in March: P1 kept, P2 broken: 1 / 2 = 0.5.
        Assert.Equal(new PromiseRates(2, 3, 0.6667m, 1, 1, 0.5m), promises);
    }

    [Fact]
    public async Task Average_days_to_collect_leaves_out_reversed_payments()
    {
        await service.FeedAsync(history);

        var days = await Staff.KpiAsync<DaysToCollect>("days-to-collect");

        // Placed 2 March 09:00. pay1 10 March 15:00 = 8.25 days; pay2 4 March 15:00 = 2.25; pay4 5 March 15:00 = 3.25; pay3 reversed.
        // (8.25 + 2.25 + 3.25) / 3 = 4.5833… → 4.58.
        Assert.Equal(new DaysToCollect(3, 4.58m), days);
    }

    [Fact]
    public async Task First_call_resolution_counts_a_payment_plan_or_settlement_before_the_next_RPC_within_a_day()
    {
        await service.FeedAsync(history);

        var fcr = await Staff.KpiAsync<FirstCallResolution>("first-call-resolution");

        // First RPCs in March: A1 (3 March 10:20), A2 (4 March 14:00), A4 (5 March 09:00) = 3.
        // A2 paid at 15:00 and A4 at 15:00 the same day: resolved. A1 paid on 10 March and agreed a plan on 11 March: not on the call.
        // 2 / 3 = 0.6667.
        Assert.Equal(new FirstCallResolution(3, 2, 0.6667m), fcr);
    }

    [Fact]
    public async Task Dispute_and_complaint_rates_are_per_thousand_active_accounts()
    {
        await service.FeedAsync(history);

        var rates = await Staff.KpiAsync<DisputeAndComplaintRates>("disputes-and-complaints");

        // Active in March: all four (A2 closed on 20 March, within the range). 1 dispute × 1000 / 4 = 250; 1 complaint × 1000 / 4 = 250.
        Assert.Equal(new DisputeAndComplaintRates(4, 1, 250m, 1, 250m), rates);
    }

    [Fact]
    public async Task Roll_rates_follow_open_accounts_from_one_delinquency_bucket_to_the_next_each_month()
    {
        await service.FeedAsync(history);

        var rolls = await Staff.KpiAsync<List<RollRate>>("roll-rates", "from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z");

        // March: nothing was placed before 1 March, so no rows.
        // April (accounts placed before 1 April and open then: A1, A3, A4; A2 closed 20 March):
        //   A1 delinquent since 1 Jan: 90 days on 1 April (bucket 90-119), 120 on 1 May (120+): rolled.
        //   A3 since 1 Oct 2025: 182 days (120+), cannot roll further.
        //   A4 since 15 March: 17 days (0-29), would be 47 on 1 May, but it was settled in full on 10 April: not rolled.
        Assert.Equal(
            [
                new RollRate("2026-04", "0-29", 1, 0, 0m),
                new RollRate("2026-04", "90-119", 1, 1, 1m),
                new RollRate("2026-04", "120+", 1, 0, 0m),
            ],
            rolls);
    }

    [Fact]
    public async Task Agent_performance_counts_attempts_RPCs_hours_collections_and_conversion()
    {
        await service.FeedAsync(history);

        var agents = await Staff.KpiAsync<List<AgentPerformance>>("agents");

        // agent-1: calls #1 #2 #3 #7 = 4; RPCs A1, A4 = 2; hours with activity: 3 March 10h and 11h, 5 March 09h = 3;
        //   4/3 = 1.3333 attempts/h, 2/3 = 0.6667 RPCs/h; collected pay4 300; promises P1 = 1, 1/2 = 0.5.
        // agent-2: calls #4 #5 #6 = 3; RPC A2 = 1; hours 4 March 14h, 5 March 09h = 2; 1.5 and 0.5 per hour;
        //   collected pay2 100 + pay3 50 − its reversal 50 = 100; promise P2 = 1, 1/1 = 1.
        // "portal" (pay1) and the SMS adapter are not agents.
        Assert.Equal(
            [
                new AgentPerformance("agent-1", 4, 2, 3, 1.3333m, 0.6667m, 300m, 1, 0.5m),
                new AgentPerformance("agent-2", 3, 1, 2, 1.5m, 0.5m, 100m, 1, 1m),
            ],
            agents);
    }

    [Fact]
    public async Task Collected_per_day_is_a_series_of_every_UTC_day_of_the_range()
    {
        await service.FeedAsync(history);

        var days = await Staff.KpiAsync<List<DailyCollection>>("collected-per-day");

        // 31 days of March; money on 4 (100), 5 (300), 10 (200), 12 (50) and the reversal of 50 on the 14th; net 600.
        Assert.Equal(31, days.Count);
        Assert.Equal(new DailyCollection(new DateOnly(2026, 3, 4), 100m, 0m, 100m), days[3]);
        Assert.Equal(new DailyCollection(new DateOnly(2026, 3, 5), 300m, 0m, 300m), days[4]);
        Assert.Equal(new DailyCollection(new DateOnly(2026, 3, 10), 200m, 0m, 200m), days[9]);
        Assert.Equal(new DailyCollection(new DateOnly(2026, 3, 12), 50m, 0m, 50m), days[11]);
        Assert.Equal(new DailyCollection(new DateOnly(2026, 3, 14), 0m, 50m, -50m), days[13]);
        Assert.Equal(600m, days.Sum(d => d.Net));
        Assert.Equal(5, days.Count(d => d.Net != 0));
    }

    [Fact]
    public async Task Champion_and_challenger_come_with_sample_sizes_and_a_two_proportion_z_test()
    {
        await service.FeedAsync(history);

        var result = await Staff.KpiAsync<ChampionChallenger>("champion-challenger");

        // Champion: A1 (1000, paid 200), A3 (2000, paid 50, reversed) → n 2, placed 3000, collected 200, 200/3000 = 0.0667, 1 payer (0.5).
        // Challenger: A2 (500, paid 100), A4 (800, paid 300) → n 2, placed 1300, collected 400, 400/1300 = 0.3077, 2 payers (1).
        // Difference 0.3077 − 0.0667 = 0.2410.
        // Pooled p = 3/4; SE = √(0.75 × 0.25 × (1/2 + 1/2)) = 0.43301; z = (1 − 0.5) / 0.43301 = 1.1547; two-sided p = 2(1 − Φ(1.1547)) = 0.2482.
        Assert.Equal([new ArmResult("challenger", 2, 1300m, 400m, 0.3077m, 2, 1m), new ArmResult("champion", 2, 3000m, 200m, 0.0667m, 1, 0.5m)], result.Arms);
        Assert.Equal(0.2410m, result.LiquidationRateDifference);
        Assert.Equal(1.1547, result.Z!.Value, 4);
        Assert.Equal(0.2482, result.PValue!.Value, 4);
        Assert.False(result.SignificantAtFivePercent);
    }

    [Fact]
    public async Task Filters_narrow_every_KPI_to_a_client_placement_segment_strategy_arm_or_agent()
    {
        await service.FeedAsync(history);

        // Client A: calls #1–#6 = 6, connected #2 #4 #5 = 3 (0.5), RPCs A1 A2 = 2 (0.3333).
        Assert.Equal(new ContactRates(6, 3, 2, 0.5m, 0.3333m), await Staff.KpiAsync<ContactRates>("contact", $"{ReportingTestKit.March}&clientId={history.ClientA}"));
        // Segment "late" (A3, A4): calls #5 #6 #7 = 3, connected #5 #7 = 2 (0.6667), RPC A4 = 1 (0.3333).
        Assert.Equal(new ContactRates(3, 2, 1, 0.6667m, 0.3333m), await Staff.KpiAsync<ContactRates>("contact", $"{ReportingTestKit.March}&segment=late"));
        // Agent agent-2: calls #4 #5 #6 = 3, connected #4 #5 = 2, RPC A2 = 1.
        Assert.Equal(new ContactRates(3, 2, 1, 0.6667m, 0.3333m), await Staff.KpiAsync<ContactRates>("contact", $"{ReportingTestKit.March}&agentId=agent-2"));
        // Placement P1 (A1, A2, A4): placed 2300, collected 200 + 100 + 300 = 600, 600 / 2300 = 0.2609.
        Assert.Equal(new LiquidationRate(3, 2300m, 600m, 0.2609m), await Staff.KpiAsync<LiquidationRate>("liquidation", $"{ReportingTestKit.March}&placementId={history.PlacementP1}"));
        // Strategy S1 (A1, A3): placed 3000, collected 200 + 50 − 50 = 200, 0.0667.
        Assert.Equal(new LiquidationRate(2, 3000m, 200m, 0.0667m), await Staff.KpiAsync<LiquidationRate>("liquidation", $"{ReportingTestKit.March}&strategyId={history.StrategyS1}"));
        // Arm challenger (A2, A4): placed 1300, collected 400, 0.3077.
        Assert.Equal(new LiquidationRate(2, 1300m, 400m, 0.3077m), await Staff.KpiAsync<LiquidationRate>("liquidation", $"{ReportingTestKit.March}&arm=challenger"));
    }

    [Fact]
    public async Task The_segment_an_account_was_placed_with_counts_until_a_later_AccountSegmented_replaces_it()
    {
        await service.FeedAsync(history);

        // Segment "early": A2 from its AccountPlaced, A1 from the AccountSegmented after its placement ("mid" then).
        // Calls #1 #2 (A1) and #3 #4 (A2) = 4, connected #2 #4 = 2 (0.5), RPCs A1 A2 = 2 (0.5). No account is "mid" any more.
        Assert.Equal(new ContactRates(4, 2, 2, 0.5m, 0.5m), await Staff.KpiAsync<ContactRates>("contact", $"{ReportingTestKit.March}&segment=early"));
        Assert.Equal(new LiquidationRate(0, 0m, 0m, null), await Staff.KpiAsync<LiquidationRate>("liquidation", $"{ReportingTestKit.March}&segment=mid"));
    }

    [Fact]
    public async Task Every_answer_says_how_fresh_it_is()
    {
        await service.FeedAsync(history);

        var answer = await Staff.GetFromJsonAsync<KpiAnswer<ContactRates>>($"/api/v1/reporting/kpis/contact?{ReportingTestKit.March}", TestContext.Current.CancellationToken);

        Assert.NotNull(answer!.Freshness.LastEventOccurredAt);
        Assert.NotNull(answer.Freshness.LastEventProjectedAt);
        Assert.True(answer.Freshness.LastEventProjectedAt <= answer.Freshness.AnsweredAt);
        Assert.Equal((answer.Freshness.LastEventProjectedAt!.Value - answer.Freshness.LastEventOccurredAt!.Value).TotalSeconds, answer.Freshness.ProjectionLagSeconds!.Value, 2);
    }
}
