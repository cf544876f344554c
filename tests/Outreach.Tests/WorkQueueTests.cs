using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Contracts.Grpc;
using Collections.Contracts.Grpc.Accounts;
using Google.Protobuf.WellKnownTypes;
using Collections.IntegrationTesting;

namespace Collections.Outreach.Tests;

/// <summary>The agents' work queue hands out the account to call now, by priority, to one agent at a time, never a blocked one.</summary>
public sealed class WorkQueueTests(WorkQueueServiceFactory service) : IClassFixture<WorkQueueServiceFactory>
{
    private const string NextPath = "/api/v1/outreach/work-queue/next";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accounts_come_out_in_order_of_score_times_balance_times_hours_since_last_contact()
    {
        var tenantId = Guid.NewGuid();
        var low = await service.SeedQueuedAccountAsync(tenantId, score: 100, balance: 200m); // never contacted: 720 h cap → 14.4 M
        var high = await service.SeedQueuedAccountAsync(tenantId, score: 900, balance: 1000m, sinceLastContact: TimeSpan.FromDays(10)); // 216 M
        var middle = await service.SeedQueuedAccountAsync(tenantId, score: 500, balance: 5000m, sinceLastContact: TimeSpan.FromDays(2)); // 120 M

        var handedOut = new List<Guid>();
        for (var agent = 0; agent < 3; agent++)
        {
            using var client = service.ClientFor(StaffToken(tenantId, Roles.Agent));
            handedOut.Add((await NextAsync(client)).GetProperty("account").GetProperty("accountId").GetGuid());
        }

        Assert.Equal([high.AccountId, middle.AccountId, low.AccountId], handedOut);
        using var fourth = service.ClientFor(StaffToken(tenantId, Roles.Agent));
        Assert.Equal(HttpStatusCode.NoContent, (await fourth.GetAsync(NextPath, Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_work_item_carries_the_verdict_per_number_and_the_first_communication_disclosure()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId, balance: 250m);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        var item = await NextAsync(agent);

        var number = Assert.Single(item.GetProperty("numbers").EnumerateArray());
        Assert.Equal(WorkQueueServiceFactory.Landline, number.GetProperty("number").GetString());
        Assert.True(number.GetProperty("allowed").GetBoolean());
        Assert.Equal(250m, item.GetProperty("account").GetProperty("balance").GetDecimal());
        var disclosure = item.GetProperty("disclosure");
        Assert.True(disclosure.GetProperty("firstCommunication").GetBoolean());
        Assert.Contains("attempt to collect a debt", disclosure.GetProperty("script").GetString(), StringComparison.Ordinal);
        Assert.Equal("strategy", Assert.Single(item.GetProperty("entries").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal(account.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
    }

    [Fact]
    public async Task Two_agents_asking_at_once_get_different_accounts()
    {
        var tenantId = Guid.NewGuid();
        var first = await service.SeedQueuedAccountAsync(tenantId);
        var second = await service.SeedQueuedAccountAsync(tenantId);
        using var agentA = service.ClientFor(StaffToken(tenantId, Roles.Agent));
        using var agentB = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        var items = await Task.WhenAll(NextAsync(agentA), NextAsync(agentB));

        var ids = items.Select(i => i.GetProperty("account").GetProperty("accountId").GetGuid()).ToHashSet();
        Assert.Equal(new[] { first.AccountId, second.AccountId }.Order(), ids.Order());
        using var agentC = service.ClientFor(StaffToken(tenantId, Roles.Agent));
        Assert.Equal(HttpStatusCode.NoContent, (await agentC.GetAsync(NextPath, Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_dispute_hold_makes_the_queue_skip_the_account_and_its_call_is_refused()
    {
        var tenantId = Guid.NewGuid();
        var disputed = await service.SeedQueuedAccountAsync(tenantId, balance: 9000m);
        var other = await service.SeedQueuedAccountAsync(tenantId, balance: 100m);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        await service.PublishAsync(new AccountHoldChanged
        {
            TenantId = tenantId,
            OccurredAt = service.Clock.GetUtcNow(),
            AccountId = disputed.AccountId,
            ClientId = disputed.ClientId,
            Hold = "dispute",
            Placed = true,
            Holds = ["dispute"],
        });
        await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(
                $"/api/v1/outreach/accounts/{disputed.AccountId}/contact-decision?channel=Call&phoneNumber=%2B12125550100&phoneType=Landline", Cancel),
            d => !d.GetProperty("allowed").GetBoolean(),
            TimeSpan.FromSeconds(30),
            "the dispute hold to reach outreach");

        var item = await NextAsync(agent);
        var refused = await RecordCallAsync(agent, disputed.AccountId, "NoAnswer");

        Assert.Equal(other.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("dispute-hold", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_the_engine_blocks_on_every_number_is_not_handed_out()
    {
        var tenantId = Guid.NewGuid();
        var spokenTo = await service.SeedQueuedAccountAsync(tenantId, balance: 9000m, queued: false);
        var other = await service.SeedQueuedAccountAsync(tenantId, balance: 100m);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));
        await Expect(await RecordCallAsync(agent, spokenTo.AccountId, "RightPartyContact"), HttpStatusCode.Created);

        // Queued after the conversation, so the 7 days after it still block every call.
        await Expect(
            await agent.PostAsJsonAsync(
                $"/api/v1/outreach/accounts/{spokenTo.AccountId}/callbacks", new { at = service.Clock.GetUtcNow(), phoneNumber = WorkQueueServiceFactory.Landline }, Cancel),
            HttpStatusCode.Created);
        var item = await NextAsync(agent);
        using var secondAgent = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        Assert.Equal(other.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await secondAgent.GetAsync(NextPath, Cancel)).StatusCode);
        var refused = await RecordCallAsync(agent, spokenTo.AccountId, "NoAnswer");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("reg-f-7-days-after-conversation", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_calls_move_the_account_to_the_senior_queue()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        for (var call = 0; call < WorkQueueServiceFactory.EscalateAfterFailedAttempts; call++)
        {
            await Expect(await RecordCallAsync(agent, account.AccountId, call % 2 == 0 ? "NoAnswer" : "NotConnected"), HttpStatusCode.Created);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await agent.GetAsync(NextPath, Cancel)).StatusCode);
        using var senior = service.ClientFor(StaffToken(tenantId, Roles.SeniorAgent));
        var item = await NextAsync(senior);
        Assert.Equal(account.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.True(item.GetProperty("account").TryGetProperty("escalatedAt", out var escalatedAt) && escalatedAt.ValueKind == JsonValueKind.String);
        Assert.Contains(item.GetProperty("entries").EnumerateArray(), e => e.GetProperty("reason").GetString() == "escalation" && e.GetProperty("queue").GetString() == "senior");
    }

    [Fact]
    public async Task A_right_party_contact_publishes_RightPartyContacted_and_completes_the_queued_call()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));
        await NextAsync(agent);

        await Expect(await RecordCallAsync(agent, account.AccountId, "PromiseToPay"), HttpStatusCode.Created);

        var contacted = Assert.Single(await service.QueuedEventsAsync<RightPartyContacted>(tenantId));
        Assert.Equal(account.AccountId, contacted.AccountId);
        Assert.Single(await service.QueuedEventsAsync<ContactAttempted>(tenantId));
        Assert.Equal(HttpStatusCode.NoContent, (await agent.GetAsync(NextPath, Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_callback_comes_up_no_earlier_than_asked_on_the_number_given()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId, queued: false);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        var later = await agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{account.AccountId}/callbacks", new { at = service.Clock.GetUtcNow().AddHours(2), phoneNumber = "+12125550177" }, Cancel);
        await Expect(later, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.GetAsync(NextPath, Cancel)).StatusCode);

        await Expect(
            await agent.PostAsJsonAsync($"/api/v1/outreach/accounts/{account.AccountId}/callbacks", new { at = service.Clock.GetUtcNow(), phoneNumber = "+12125550177" }, Cancel),
            HttpStatusCode.Created);
        var item = await NextAsync(agent);

        Assert.Equal("callback", Assert.Single(item.GetProperty("entries").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Contains(item.GetProperty("numbers").EnumerateArray(), n => n.GetProperty("number").GetString() == "+12125550177" && n.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Another_tenants_account_is_not_found_and_consumers_get_no_work()
    {
        var account = await service.SeedQueuedAccountAsync(Guid.NewGuid());
        using var stranger = service.ClientFor(StaffToken(Guid.NewGuid(), Roles.Supervisor));
        using var consumer = service.ClientFor(TestCallers.Consumer(account.TenantId, account.ConsumerId));

        await Expect(
            await stranger.PostAsJsonAsync($"/api/v1/outreach/accounts/{account.AccountId}/callbacks", new { at = service.Clock.GetUtcNow().AddHours(1), phoneNumber = "+12125550177" }, Cancel),
            HttpStatusCode.NotFound);
        await Expect(
            await stranger.PostAsJsonAsync($"/api/v1/outreach/accounts/{account.AccountId}/promises", new { amount = 10m, currency = "USD", dueDate = "2030-01-01", paymentChannel = "card" }, Cancel),
            HttpStatusCode.NotFound);
        await Expect(await stranger.GetAsync($"/api/v1/outreach/accounts/{account.AccountId}/promises", Cancel), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await stranger.GetAsync(NextPath, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync(NextPath, Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("callbacks", "{}")]
    [InlineData("callbacks", "{\"at\":\"2001-01-01T00:00:00Z\",\"phoneNumber\":\"+12125550177\"}")]
    [InlineData("callbacks", "{\"at\":\"not-a-time\",\"phoneNumber\":\"+12125550177\"}")]
    [InlineData("promises", "{}")]
    [InlineData("promises", "{\"amount\":-5,\"currency\":\"USD\",\"dueDate\":\"2030-01-01\",\"paymentChannel\":\"card\"}")]
    [InlineData("promises", "{\"amount\":5,\"currency\":\"EUR\",\"dueDate\":\"2001-01-01\",\"paymentChannel\":\"pigeon\"}")]
    [InlineData("promises", "{\"amount\":5,\"currency\":\"USD\",\"dueDate\":\"tomorrow\",\"paymentChannel\":\"card\"}")]
    [InlineData("promises", "[1,2]")]
    public async Task Malformed_callbacks_and_promises_get_a_400_problem(string path, string body)
    {
        var account = await service.SeedQueuedAccountAsync(Guid.NewGuid(), queued: false);
        using var agent = service.ClientFor(StaffToken(account.TenantId, Roles.Agent));

        var response = await agent.PostAsync(
            $"/api/v1/outreach/accounts/{account.AccountId}/{path}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_work_queue_promise_and_callback_operations()
    {
        using var anonymous = service.CreateClient();

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancel);

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/outreach/work-queue/next").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/outreach/accounts/{accountId}/promises").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/outreach/accounts/{accountId}/callbacks").TryGetProperty("post", out _));
    }

    /// <summary>Each token is a distinct staff user, as each agent signs in as themself.</summary>
    [Fact]
    public async Task A_call_the_daily_strategy_run_plans_is_handed_out_by_the_work_queue()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(StaffToken(tenantId, Roles.Admin));
        await StrategyRunTests.CreateStrategyAsync(admin, "early", "Early calls", StrategyRunTests.Step(0, "Call", "first-call"));
        var account = await SeedForStrategyAsync(tenantId);
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));
        Assert.Equal(HttpStatusCode.NoContent, (await agent.GetAsync(NextPath, Cancel)).StatusCode);

        var run = await service.RunStrategyAsync(tenantId, NewYorkToday());

        Assert.Equal(1, run.ActionsPlanned);
        var item = await NextAsync(agent);
        Assert.Equal(account.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.Equal("strategy", Assert.Single(item.GetProperty("entries").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_strategys_escalation_setting_moves_its_account_to_the_senior_queue()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(StaffToken(tenantId, Roles.Admin));
        var created = await admin.PostAsJsonAsync(
            "/api/v1/outreach/strategies",
            new { name = "Escalate early", segment = "early", steps = new[] { StrategyRunTests.Step(0, "Call", "first-call") }, escalateAfterFailedAttempts = 1 },
            Cancel);
        await Expect(created, HttpStatusCode.Created);
        var account = await SeedForStrategyAsync(tenantId);
        await service.RunStrategyAsync(tenantId, NewYorkToday());
        using var agent = service.ClientFor(StaffToken(tenantId, Roles.Agent));

        // One unanswered call: the queue's own setting would wait for three.
        await Expect(await RecordCallAsync(agent, account.AccountId, "NoAnswer"), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await agent.GetAsync(NextPath, Cancel)).StatusCode);
        using var senior = service.ClientFor(StaffToken(tenantId, Roles.SeniorAgent));
        var item = await NextAsync(senior);
        Assert.Equal(account.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.Contains(item.GetProperty("entries").EnumerateArray(), e => e.GetProperty("reason").GetString() == "escalation");
    }

    /// <summary>The clock's date in New York (the clock stands at 11:00 there: the run's calls, planned for 09:00, are due).</summary>
    private DateOnly NewYorkToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(service.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime);

    /// <summary>A New York account in segment <c>early</c>, known to outreach, streamed to the strategy run and not queued.</summary>
    private async Task<Domain.ContactableAccount> SeedForStrategyAsync(Guid tenantId)
    {
        var account = await service.SeedQueuedAccountAsync(tenantId, queued: false);
        service.Accounts.AddForStrategy(tenantId, new StrategyAccount
        {
            AccountId = account.AccountId.ToString(),
            ClientId = account.ClientId.ToString(),
            ConsumerId = account.ConsumerId.ToString(),
            Status = "Active",
            Jurisdiction = "NY",
            Segment = "early",
            Score = 500,
            TotalBalance = new Money { CurrencyCode = "USD", Units = 1000 },
            PlacedAt = Timestamp.FromDateTimeOffset(account.PlacedAt),
            Language = "en",
            TimeZones = { "America/New_York" },
        });
        return account;
    }

    private static string StaffToken(Guid tenantId, string role) => TestCallers.Staff(tenantId, role);

    private static async Task<JsonElement> NextAsync(HttpClient agent)
    {
        var response = await agent.GetAsync(NextPath, Cancel);
        await Expect(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private static Task<HttpResponseMessage> RecordCallAsync(HttpClient agent, Guid accountId, string outcome) =>
        agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{accountId}/contact-attempts",
            new { channel = "Call", phoneNumber = WorkQueueServiceFactory.Landline, phoneType = "Landline", outcome },
            Cancel);

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        }
    }
}
