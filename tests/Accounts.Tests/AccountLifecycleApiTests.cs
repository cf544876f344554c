using System.Net;
using System.Net.Http.Json;
using System.Text;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

public sealed class AccountLifecycleApiTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Recalling_sets_the_status_to_recalled()
    {
        var account = await PlacedAsync(Key(), Placement("RECALL-1"));

        var response = await Key().PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "Client settled directly" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Recalled", (await response.Content.ReadFromJsonAsync<AccountResponse>(Cancel))!.Status);
    }

    [Fact]
    public async Task Recalling_again_with_the_same_recall_id_is_200_and_changes_nothing()
    {
        var account = await PlacedAsync(Key(), Placement("RECALL-2"));
        var recall = new { recallId = Guid.NewGuid(), reason = "Sold the debt" };
        (await Key().PostAsJsonAsync(Recall(account), recall, Cancel)).EnsureSuccessStatusCode();

        var again = await Key().PostAsJsonAsync(Recall(account), recall, Cancel);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var history = await HistoryAsync(account);
        Assert.Single(history, e => e.Change == "StatusChanged");
    }

    [Fact]
    public async Task Recalling_a_recalled_account_under_another_recall_id_is_an_illegal_transition_409_problem()
    {
        var account = await PlacedAsync(Key(), Placement("RECALL-3"));
        (await Key().PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "first" }, Cancel)).EnsureSuccessStatusCode();

        var second = await Key().PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "second" }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task History_shows_who_recalled_when_and_why()
    {
        var account = await PlacedAsync(Key(), Placement("RECALL-4"));
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        (await Key().PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "Bankrupt creditor" }, Cancel)).EnsureSuccessStatusCode();

        var entry = Assert.Single(await HistoryAsync(account), e => e.Change == "StatusChanged");

        Assert.StartsWith("client:test-client-", entry.Who);
        Assert.InRange(entry.At, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(("Placed", "Recalled"), (entry.From, entry.To));
        Assert.Contains("Bankrupt creditor", entry.Why);
    }

    [Fact]
    public async Task Staff_agents_may_not_recall()
    {
        var account = await PlacedAsync(Key(), Placement("RECALL-5"));

        var response = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent))
            .PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "no" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_fee_waiver_reduces_the_fees_and_is_in_the_history()
    {
        var account = await PlacedAsync(Key(), Placement("ADJ-1"));

        var response = await Key().PostAsJsonAsync(Adjustments(account), Adjustment(Guid.NewGuid(), "fee-waiver", 1.25m), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await Key().GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel);
        Assert.Equal((0m, 105.50m), (read!.Fees, read.Balance));
        Assert.Contains(await HistoryAsync(account), e => e.Change == "BalanceChanged" && e.Why.Contains("goodwill"));
    }

    [Fact]
    public async Task The_same_adjustment_sent_twice_is_applied_once_and_answered_the_same()
    {
        var account = await PlacedAsync(Key(), Placement("ADJ-2"));
        var adjustment = Adjustment(Guid.NewGuid(), "credit", 10m);
        var first = await (await Key().PostAsJsonAsync(Adjustments(account), adjustment, Cancel)).Content.ReadFromJsonAsync<AdjustmentResponse>(Cancel);

        var again = await Key().PostAsJsonAsync(Adjustments(account), adjustment, Cancel);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, await again.Content.ReadFromJsonAsync<AdjustmentResponse>(Cancel));
        var read = await Key().GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel);
        Assert.Equal(96.75m, read!.Balance);
    }

    [Fact]
    public async Task An_adjustment_id_reused_with_a_different_body_is_a_422_problem()
    {
        var account = await PlacedAsync(Key(), Placement("ADJ-3"));
        var adjustmentId = Guid.NewGuid();
        (await Key().PostAsJsonAsync(Adjustments(account), Adjustment(adjustmentId, "credit", 10m), Cancel)).EnsureSuccessStatusCode();

        var different = await Key().PostAsJsonAsync(Adjustments(account), Adjustment(adjustmentId, "credit", 11m), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("credit", 0, HttpStatusCode.BadRequest)]
    [InlineData("credit", -5, HttpStatusCode.BadRequest)]
    [InlineData("credit", 1.001, HttpStatusCode.BadRequest)]
    [InlineData("discount", 5, HttpStatusCode.BadRequest)]
    [InlineData("interest-waiver", 5.01, HttpStatusCode.UnprocessableEntity)]
    [InlineData("credit", 106.76, HttpStatusCode.UnprocessableEntity)]
    public async Task An_adjustment_that_is_invalid_or_too_large_is_a_problem(string kind, decimal amount, HttpStatusCode expected)
    {
        var account = await PlacedAsync(Key(), Placement($"ADJ-BAD-{Guid.NewGuid():N}"));

        var response = await Key().PostAsJsonAsync(Adjustments(account), Adjustment(Guid.NewGuid(), kind, amount), Cancel);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"adjustmentId\":\"not-a-guid\",\"kind\":\"credit\",\"amount\":1,\"reason\":\"x\"}")]
    [InlineData("{\"adjustmentId\":\"6f9619ff-8b86-d011-b42d-00cf4fc964ff\",\"kind\":\"credit\",\"amount\":\"lots\",\"reason\":\"x\"}")]
    [InlineData("{}")]
    public async Task A_malformed_adjustment_is_a_400_problem(string body)
    {
        var account = await PlacedAsync(Key(), Placement($"ADJ-MAL-{Guid.NewGuid():N}"));

        var response = await Key().PostAsync(Adjustments(account), new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Another_client_gets_404_on_recall_adjustments_and_history()
    {
        var account = await PlacedAsync(Key(), Placement("OTHER-1"));
        var other = service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid()));

        var recall = await other.PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "mine?" }, Cancel);
        var adjust = await other.PostAsJsonAsync(Adjustments(account), Adjustment(Guid.NewGuid(), "credit", 1m), Cancel);
        var history = await other.GetAsync(History(account), Cancel);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [recall.StatusCode, adjust.StatusCode, history.StatusCode]);
    }

    [Fact]
    public async Task Another_tenants_staff_get_404_on_recall_adjustments_and_history()
    {
        var account = await PlacedAsync(Key(), Placement("OTHER-2"));
        var other = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin));

        var recall = await other.PostAsJsonAsync(Recall(account), new { recallId = Guid.NewGuid(), reason = "mine?" }, Cancel);
        var adjust = await other.PostAsJsonAsync(Adjustments(account), Adjustment(Guid.NewGuid(), "credit", 1m), Cancel);
        var history = await other.GetAsync(History(account), Cancel);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [recall.StatusCode, adjust.StatusCode, history.StatusCode]);
    }

    [Fact]
    public async Task The_owning_consumer_reads_the_history()
    {
        var account = await PlacedAsync(Key(), Placement("HIST-1"));

        var response = await service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId)).GetAsync(History(account), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("NY", "2022-01-10", "2025-01-10", true)]
    [InlineData("TX", "2022-01-10", "2026-01-10", true)]
    [InlineData("MA", "2022-01-10", "2028-01-10", false)]
    [InlineData("FL", "2022-01-10", "2027-01-10", false)]
    public async Task An_account_shows_when_it_is_time_barred_in_its_jurisdiction(string jurisdiction, string chargeOff, string barredAt, bool barred)
    {
        var account = await PlacedAsync(Key(), Placement($"SOL-{jurisdiction}", jurisdiction: jurisdiction, chargeOffDate: chargeOff));

        Assert.Equal((DateOnly.Parse(barredAt, System.Globalization.CultureInfo.InvariantCulture), barred), (account.TimeBarredAt, account.IsTimeBarred));
    }

    [Fact]
    public async Task An_account_without_a_delinquency_or_charge_off_date_is_not_time_barred()
    {
        var account = await PlacedAsync(Key(), Placement("SOL-NONE"));

        Assert.Equal((null, false), (account.TimeBarredAt, account.IsTimeBarred));
    }

    private static object Adjustment(Guid adjustmentId, string kind, decimal amount) => new { adjustmentId, kind, amount, reason = "goodwill" };

    private static string Recall(AccountResponse account) => $"{AccountsPath}/{account.Id}/recall";

    private static string Adjustments(AccountResponse account) => $"{AccountsPath}/{account.Id}/adjustments";

    private static string History(AccountResponse account) => $"{AccountsPath}/{account.Id}/history";

    private async Task<IReadOnlyList<AccountHistoryItem>> HistoryAsync(AccountResponse account) =>
        (await Key().GetFromJsonAsync<IReadOnlyList<AccountHistoryItem>>(History(account), Cancel))!;

    private HttpClient Key() => service.ClientFor(TestCallers.Client(tenantId, clientId));
}
