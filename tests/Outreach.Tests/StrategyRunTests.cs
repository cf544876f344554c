using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.IntegrationTesting;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Outreach.Tests;

/// <summary>The daily strategy run: accounts streamed from Accounts over gRPC, assigned to strategies, actions stored once.</summary>
public sealed class StrategyRunTests(StrategyServiceFactory service) : IClassFixture<StrategyServiceFactory>
{
    /// <summary>A Wednesday; 09:00 in New York is 14:00 UTC.</summary>
    internal static readonly DateOnly Day = new(2026, 12, 2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static object Step(int day, string channel, string template, params string[] conditions) =>
        new { dayOffset = day, channel, templateKey = template, conditions };

    internal static async Task<Guid> CreateStrategyAsync(HttpClient admin, string segment, string name, params object[] steps)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/outreach/strategies", new { name, segment, steps, escalateAfterFailedAttempts = 6, escalateAfterBrokenPromises = 2 }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("strategyId").GetGuid();
    }

    private async Task<T> InTenantAsync<T>(Guid tenantId, Func<OutreachDbContext, Task<T>> query)
    {
        await using var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await query(scope.ServiceProvider.GetRequiredService<OutreachDbContext>());
    }

    [Fact]
    public async Task Running_the_daily_run_twice_on_the_same_day_stores_one_set_of_actions()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "early", "Early", Step(0, "Letter", "initial-notice"), Step(0, "Sms", "payment-reminder"), Step(0, "Call", "first-call", "NoRightPartyContact"));
        for (var i = 0; i < 3; i++)
        {
            await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early"));
        }

        var first = await service.RunAsync(tenantId, Day);
        var second = await service.RunAsync(tenantId, Day);

        Assert.Equal(StrategyRunState.Completed, first.State);
        Assert.Equal(StrategyRunState.Completed, second.State);
        Assert.Equal(9, first.ActionsPlanned);
        Assert.Equal(0, second.ActionsPlanned);
        Assert.Equal(3, first.AccountsAssigned);
        Assert.Equal(0, second.AccountsAssigned);
        var actions = await InTenantAsync(tenantId, db => db.PlannedContacts.AsNoTracking().ToListAsync(Cancel));
        Assert.Equal(9, actions.Count);
        Assert.Equal(3, actions.Count(a => a.Channel == Compliance.ContactChannel.Call && a.State == PlannedContactState.Queued));
        Assert.All(actions.Where(a => a.State == PlannedContactState.Scheduled), a => Assert.Equal(new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero), a.ScheduledAt));
        var events = await InTenantAsync(tenantId, db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE tenant_id = {tenantId} AND message_type LIKE '%StrategyAssigned%'").SingleAsync(Cancel));
        Assert.Equal(3, events);
    }

    [Fact]
    public async Task Without_the_batched_stream_the_run_reads_accounts_one_per_message_and_plans_the_same_actions()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "single", "Letters", Step(0, "Letter", "initial-notice"));
        for (var i = 0; i < 3; i++)
        {
            await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "single"));
        }

        service.Accounts.OffersBatches = false;
        StrategyRun run;
        try
        {
            run = await service.RunAsync(tenantId, Day);
        }
        finally
        {
            service.Accounts.OffersBatches = true;
        }

        Assert.Equal((StrategyRunState.Completed, 3, 3), (run.State, run.AccountsSeen, run.ActionsPlanned));
    }

    [Fact]
    public async Task A_restarted_run_continues_after_its_checkpoint()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "early", "Early", Step(0, "Letter", "initial-notice"));
        var accounts = new List<TestAccount>();
        for (var i = 0; i < 5; i++)
        {
            accounts.Add(await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early")));
        }

        // A run that stopped after the third account, as a crash would leave it.
        var third = accounts.Select(a => a.AccountId).Order(Comparer<Guid>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()))).ElementAt(2);
        await InTenantAsync(tenantId, async db =>
        {
            db.StrategyRuns.Add(new StrategyRun { TenantId = tenantId, BusinessDate = Day, State = StrategyRunState.Running, LastAccountId = third, AccountsSeen = 3 });
            return await db.SaveChangesAsync(Cancel);
        });

        await using (var scope = service.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
            var resumed = await scope.ServiceProvider.GetRequiredService<Strategies.DailyStrategyRun>().RunAsync(Day, again: false, Cancel);
            Assert.Equal(StrategyRunState.Completed, resumed.State);
            Assert.Equal(5, resumed.AccountsSeen);
            Assert.Equal(2, resumed.ActionsPlanned);
        }
    }

    [Fact]
    public async Task A_held_account_gets_no_action()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "early", "Early", Step(0, "Letter", "initial-notice"), Step(0, "Call", "first-call"));
        var held = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early", holds: ["dispute"]));
        var free = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early"));

        var run = await service.RunAsync(tenantId, Day);

        Assert.Equal(1, run.AccountsHeld);
        var heldActions = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{held.AccountId}/planned-contacts", Cancel);
        var freeActions = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{free.AccountId}/planned-contacts", Cancel);
        Assert.Equal(0, heldActions.GetArrayLength());
        Assert.Equal(2, freeActions.GetArrayLength());
    }

    [Fact]
    public async Task A_step_for_consumers_without_right_party_contact_is_skipped_after_a_conversation()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "early", "Early", Step(0, "Letter", "initial-notice", "NoRightPartyContact"));
        var spoken = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early"));
        await InTenantAsync(tenantId, async db =>
        {
            db.Attempts.Add(new RecordedContact
            {
                Id = Guid.CreateVersion7(), TenantId = tenantId, AccountId = spoken.AccountId, Channel = Compliance.ContactChannel.Call,
                PhoneNumber = "+12125550100", PhoneNumberType = Compliance.PhoneNumberType.Mobile, Outcome = Compliance.ContactOutcome.RightPartyContact,
                At = new DateTimeOffset(2026, 10, 1, 15, 0, 0, TimeSpan.Zero), RecordedBy = "agent",
            });
            return await db.SaveChangesAsync(Cancel);
        });

        var run = await service.RunAsync(tenantId, Day);

        Assert.Equal(0, run.ActionsPlanned);
    }

    [Fact]
    public async Task Champion_and_challenger_split_the_segment_near_the_chosen_share_and_stay_assigned()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Supervisor));
        var champion = await CreateStrategyAsync(admin, "late", "Letters first", Step(0, "Letter", "initial-notice"));
        var challenger = await CreateStrategyAsync(admin, "late", "Texts first", Step(0, "Sms", "payment-reminder"));
        var split = await admin.PutAsJsonAsync("/api/v1/outreach/segments/late/split", new { championStrategyId = champion, challengerStrategyId = challenger, challengerPercent = 30 }, Cancel);
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var splitId = (await split.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("splitId").GetGuid();
        const int count = 2000;
        for (var i = 0; i < count; i++)
        {
            service.Accounts.Put(StrategyServiceFactory.NewAccount(tenantId, "late"));
        }

        await service.RunAsync(tenantId, Day);
        var first = await InTenantAsync(tenantId, db => db.StrategyAssignments.AsNoTracking().ToDictionaryAsync(a => a.AccountId, Cancel));
        await service.RunAsync(tenantId, Day.AddDays(1));
        var second = await InTenantAsync(tenantId, db => db.StrategyAssignments.AsNoTracking().ToDictionaryAsync(a => a.AccountId, Cancel));

        Assert.Equal(count, first.Count);
        var challengers = first.Values.Count(a => a.Arm == "challenger");
        Assert.InRange(challengers, 520, 680); // 30 % ± 4 standard deviations
        Assert.All(first.Values, a => Assert.Equal(a.Arm == "challenger" ? challenger : champion, a.StrategyId));
        var rule = new SegmentSplit { SplitId = splitId, ChampionStrategyId = champion, ChallengerStrategyId = challenger, ChallengerBasisPoints = 3000 };
        Assert.All(first.Values, a => Assert.Equal(ChampionChallenger.ArmOf(a.AccountId, rule), a.Arm));
        Assert.All(second.Values, a => Assert.Equal(first[a.AccountId].Arm, a.Arm));
        Assert.All(second.Values, a => Assert.Equal(Day, a.AssignedOn));
    }

    [Fact]
    public async Task An_edited_strategy_is_a_new_version_and_assigned_accounts_keep_theirs()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var strategyId = await CreateStrategyAsync(admin, "mid", "Mid", Step(0, "Letter", "initial-notice"), Step(1, "Letter", "initial-notice"));
        var before = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "mid"));
        await service.RunAsync(tenantId, Day);

        var edit = await admin.PutAsJsonAsync($"/api/v1/outreach/strategies/{strategyId}", new { name = "Mid v2", segment = "mid", steps = new[] { Step(0, "Letter", "initial-notice") } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(2, (await edit.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32());
        var after = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "mid"));
        await service.RunAsync(tenantId, Day.AddDays(1));

        var kept = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{before.AccountId}/strategy-assignment", Cancel);
        var fresh = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{after.AccountId}/strategy-assignment", Cancel);
        Assert.Equal(1, kept.GetProperty("strategyVersion").GetInt32());
        Assert.Equal(2, fresh.GetProperty("strategyVersion").GetInt32());
        var dayTwo = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{before.AccountId}/planned-contacts?businessDate=2026-12-03", Cancel);
        Assert.Equal(1, dayTwo.GetArrayLength());
        var versions = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/strategies/{strategyId}", Cancel);
        Assert.Equal(2, versions.GetArrayLength());
    }

    [Fact]
    public async Task The_run_endpoint_starts_the_run_and_shows_its_progress()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "early", "Early", Step(0, "Letter", "initial-notice"));
        await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early"));

        var start = await admin.PostAsJsonAsync("/api/v1/outreach/strategy-runs", new { businessDate = "2026-12-02" }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var run = await Eventually.Until(
            async () => await admin.GetFromJsonAsync<JsonElement>("/api/v1/outreach/strategy-runs/2026-12-02", Cancel),
            r => r.TryGetProperty("state", out var state) && state.GetString() == "Completed",
            TimeSpan.FromSeconds(30),
            "the run to complete");
        Assert.Equal(1, run.GetProperty("actionsPlanned").GetInt64());
    }
}
