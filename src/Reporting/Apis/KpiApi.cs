using Collections.BuildingBlocks.Security;
using Collections.Reporting.Domain;
using Collections.Reporting.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collections.Reporting.Apis;

/// <summary>
/// Collections KPIs over a range of instants, filterable by client, placement, segment, strategy, arm and agent. Staff see
/// their tenant; a client's key sees only its own accounts' figures. Every answer says how fresh the read model is.
/// </summary>
public static class KpiApi
{
    public static IEndpointRouteBuilder MapKpiApi(this IEndpointRouteBuilder app)
    {
        var kpis = app.MapGroup("api/v1/reporting/kpis").WithTags("KPIs")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        kpis.MapGet("/liquidation", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.LiquidationAsync, ct))
            .WithSummary("Liquidation rate").WithDescription("Collected ÷ placed for the accounts placed in the range (the vintage): payments minus reversals posted on them before the range's end.");
        kpis.MapGet("/recovery", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.RecoveryAsync, ct))
            .WithSummary("Recovery rate").WithDescription("Collected in the range (payments minus reversals) ÷ the balance outstanding at its start (placed balances of accounts placed before its end, minus what was collected on them before its start).");
        kpis.MapGet("/contact", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.ContactAsync, ct))
            .WithSummary("Contact and right-party-contact rates").WithDescription("Connected calls ÷ call attempts and RPCs ÷ call attempts, in the range.");
        kpis.MapGet("/promises", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.PromisesAsync, ct))
            .WithSummary("PTP rate and PTP kept rate").WithDescription("Promises made ÷ RPCs in the range; promises kept ÷ promises that fell due (kept or broken) in the range.");
        kpis.MapGet("/days-to-collect", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.DaysToCollectAsync, ct))
            .WithSummary("Average days to collect").WithDescription("Mean days (fractional, 2 decimals) from placement to each payment posted in the range that was not reversed.");
        kpis.MapGet("/first-call-resolution", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.FirstCallResolutionAsync, ct))
            .WithSummary("First-call resolution").WithDescription("Of the accounts whose first RPC fell in the range, the share with a payment, payment plan or settlement after that RPC and before the next one (at most 24 hours later).");
        kpis.MapGet("/disputes-and-complaints", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.DisputesAndComplaintsAsync, ct))
            .WithSummary("Dispute and complaint rates per 1 000 active accounts").WithDescription("Disputes and complaints opened in the range × 1 000 ÷ accounts active in it (placed before its end and not closed before its start).");
        kpis.MapGet("/roll-rates", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.RollRatesAsync, ct))
            .WithSummary("Roll rates between delinquency buckets per month").WithDescription("For each UTC month overlapping the range and each bucket of days past delinquency (0-29, 30-59, 60-89, 90-119, 120+) on its first day: open accounts, and how many were still open and in a later bucket on the first day of the next month.");
        kpis.MapGet("/agents", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.AgentsAsync, ct))
            .WithSummary("Agent performance").WithDescription("Per agent: call attempts, RPCs, hours worked (distinct UTC clock hours with an attempt or RPC), attempts and RPCs per hour, amount collected (payments they took minus reversals of them) and PTP conversion (promises ÷ RPCs).");
        kpis.MapGet("/collected-per-day", ([AsParameters] KpiParameters p, Caller caller, KpiQueries q, CancellationToken ct) => Answer(p, caller, q, q.CollectedPerDayAsync, ct))
            .WithSummary("Collected amount per day").WithDescription("Every UTC day of the range: payments posted, reversals and net.");
        kpis.MapGet("/champion-challenger", GetChampionChallenger)
            .WithSummary("Champion vs challenger").WithDescription("Per arm of the accounts currently assigned a strategy: sample size, placed, collected in the range, liquidation rate and payers; a pooled two-proportion z-test on the share of accounts that paid anything (two-sided p-value).");
        return app;
    }

    private static async Task<Results<Ok<KpiAnswer<T>>, ValidationProblem>> Answer<T>(
        KpiParameters parameters, Caller caller, KpiQueries queries, Func<KpiFilter, CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        caller.RequireActor(ActorKinds.Staff, ActorKinds.Client);
        var (filter, errors) = parameters.ToFilter(caller);
        if (filter is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var value = await compute(filter, cancellationToken);
        var freshness = await queries.FreshnessAsync(filter.TenantId, cancellationToken);
        return TypedResults.Ok(new KpiAnswer<T>(filter.From, filter.To, filter.Currency, value, freshness));
    }

    /// <summary>Compares the arms; the test needs both a champion and a challenger with payers and non-payers between them.</summary>
    public static Task<Results<Ok<KpiAnswer<ChampionChallenger>>, ValidationProblem>> GetChampionChallenger(
        [AsParameters] KpiParameters parameters, Caller caller, KpiQueries queries, CancellationToken cancellationToken) =>
        Answer(parameters, caller, queries, async (filter, ct) =>
        {
            var arms = await queries.ArmsAsync(filter, ct);
            var champion = arms.FirstOrDefault(a => a.Arm == "champion");
            var challenger = arms.FirstOrDefault(a => a.Arm == "challenger");
            var test = champion is null || challenger is null
                ? null
                : TwoProportionTest.Compare(champion.Payers, champion.Accounts, challenger.Payers, challenger.Accounts);
            var difference = champion?.LiquidationRate is { } c && challenger?.LiquidationRate is { } d ? d - c : (decimal?)null;
            return new ChampionChallenger(
                arms, difference, "two-proportion z-test (pooled) on the share of accounts that paid anything, two-sided",
                test is { } t1 ? Math.Round(t1.Z, 4) : null, test is { } t2 ? Math.Round(t2.PValue, 6) : null, test is { } t3 ? t3.PValue < 0.05 : null);
        }, cancellationToken);
}
