using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;

namespace Collections.Outreach.Tests;

/// <summary>Promises to pay are kept by payments in time, or broken after the grace days, which re-queues the account.</summary>
public sealed class PromiseTests(WorkQueueServiceFactory service) : IClassFixture<WorkQueueServiceFactory>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DateOnly TodayInNewYork => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(service.Clock.GetUtcNow(), NewYork).DateTime);

    [Fact]
    public async Task A_promise_paid_in_full_before_its_due_date_is_kept()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId, queued: false);
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var promise = await PromiseAsync(agent, account.AccountId, 120m, TodayInNewYork.AddDays(3));

        await service.PublishAsync(Payment(tenantId, account.AccountId, 70m));
        await service.PublishAsync(Payment(tenantId, account.AccountId, 50m));

        var kept = await Eventually.Until(
            () => StatusAsync(agent, account.AccountId, promise),
            p => p.GetProperty("status").GetString() == "Kept",
            TimeSpan.FromSeconds(30),
            "the payments to keep the promise");
        Assert.Equal(120m, kept.GetProperty("amountPaid").GetDecimal());
        var made = Assert.Single(await service.QueuedEventsAsync<PromiseToPayMade>(tenantId));
        Assert.Equal(TodayInNewYork.AddDays(3), made.DueDate);
        Assert.Equal(promise, Assert.Single(await service.QueuedEventsAsync<PromiseToPayKept>(tenantId)).PromiseId);
        Assert.Empty(await service.QueuedEventsAsync<PromiseToPayBroken>(tenantId));
    }

    [Fact]
    public async Task An_unpaid_promise_breaks_after_the_grace_days_and_re_queues_the_account()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId, queued: false);
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var promise = await PromiseAsync(agent, account.AccountId, 80m, TodayInNewYork.AddDays(1));
        await service.PublishAsync(Payment(tenantId, account.AccountId, 30m));
        await Eventually.Until(
            () => StatusAsync(agent, account.AccountId, promise),
            p => p.GetProperty("amountPaid").GetDecimal() == 30m,
            TimeSpan.FromSeconds(30),
            "the partial payment to count");

        // Due tomorrow with two grace days: still open on the third day, broken from the fourth.
        service.Clock.Advance(TimeSpan.FromDays(4));

        await Eventually.Until(
            () => StatusAsync(agent, account.AccountId, promise),
            p => p.GetProperty("status").GetString() == "Broken",
            TimeSpan.FromSeconds(30),
            "the sweeper to break the promise");
        var broken = Assert.Single(await service.QueuedEventsAsync<PromiseToPayBroken>(tenantId));
        Assert.Equal(30m, broken.AmountPaid);
        using var nextAgent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var item = await nextAgent.GetFromJsonAsync<JsonElement>("/api/v1/outreach/work-queue/next", Cancel);
        Assert.Equal(account.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.Equal(1, item.GetProperty("account").GetProperty("brokenPromises").GetInt32());
        Assert.Equal("broken-promise", Assert.Single(item.GetProperty("entries").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Two_broken_promises_move_the_account_to_the_senior_queue()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId, queued: false);
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var first = await PromiseAsync(agent, account.AccountId, 50m, TodayInNewYork);
        var second = await PromiseAsync(agent, account.AccountId, 50m, TodayInNewYork.AddDays(1));

        service.Clock.Advance(TimeSpan.FromDays(4));

        foreach (var promise in new[] { first, second })
        {
            await Eventually.Until(
                () => StatusAsync(agent, account.AccountId, promise),
                p => p.GetProperty("status").GetString() == "Broken",
                TimeSpan.FromSeconds(30),
                "the sweeper to break the promise");
        }

        using var standard = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        Assert.Equal(HttpStatusCode.NoContent, (await standard.GetAsync("/api/v1/outreach/work-queue/next", Cancel)).StatusCode);
        using var senior = service.ClientFor(TestCallers.Staff(tenantId, Roles.SeniorAgent));
        var item = await senior.GetFromJsonAsync<JsonElement>("/api/v1/outreach/work-queue/next", Cancel);
        Assert.Equal(account.AccountId, item.GetProperty("account").GetProperty("accountId").GetGuid());
        Assert.Equal(2, item.GetProperty("account").GetProperty("brokenPromises").GetInt32());
        Assert.All(item.GetProperty("entries").EnumerateArray(), e => Assert.Equal("senior", e.GetProperty("queue").GetString()));
        Assert.Contains(item.GetProperty("entries").EnumerateArray(), e => e.GetProperty("reason").GetString() == "escalation");
    }

    [Fact]
    public async Task A_broken_payment_plan_re_queues_the_account()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedQueuedAccountAsync(tenantId, queued: false);
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

        await service.PublishAsync(new PaymentPlanBroken
        {
            TenantId = tenantId,
            OccurredAt = service.Clock.GetUtcNow(),
            PaymentPlanId = Guid.NewGuid(),
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            MissedDueDate = TodayInNewYork.AddDays(-3),
        });

        var item = await Eventually.Until(
            async () =>
            {
                var response = await agent.GetAsync("/api/v1/outreach/work-queue/next", Cancel);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(Cancel) : default;
            },
            i => i.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(30),
            "the broken plan to queue the account");
        Assert.Equal("plan-broken", Assert.Single(item.GetProperty("entries").EnumerateArray()).GetProperty("reason").GetString());
    }

    private PaymentPosted Payment(Guid tenantId, Guid accountId, decimal amount) => new()
    {
        TenantId = tenantId,
        OccurredAt = service.Clock.GetUtcNow(),
        PaymentId = Guid.NewGuid(),
        AccountId = accountId,
        ClientId = Guid.NewGuid(),
        Amount = amount,
        Currency = "USD",
        Method = "card",
    };

    private static async Task<Guid> PromiseAsync(HttpClient agent, Guid accountId, decimal amount, DateOnly dueDate)
    {
        var response = await agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{accountId}/promises",
            new { amount, currency = "USD", dueDate = dueDate.ToString("yyyy-MM-dd"), paymentChannel = "card" },
            Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> StatusAsync(HttpClient agent, Guid accountId, Guid promiseId)
    {
        var promises = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{accountId}/promises", Cancel);
        return promises.EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == promiseId);
    }
}
