using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Outreach.Domain;
using static Collections.Outreach.Tests.StrategyRunTests;

namespace Collections.Outreach.Tests;

/// <summary>Strategy, template and run endpoints answer bad input with problems and other tenants' ids with 404.</summary>
public sealed class StrategyApiTests(StrategyServiceFactory service) : IClassFixture<StrategyServiceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Malformed_strategies_splits_templates_and_runs_are_problems()
    {
        using var admin = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/outreach/strategies", new { }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/outreach/strategies", new { name = "x", segment = "a b", steps = new[] { new { dayOffset = -1, channel = "Fax", templateKey = "X" } } }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/outreach/segments/early/split", new { championStrategyId = Guid.NewGuid(), challengerStrategyId = Guid.NewGuid(), challengerPercent = 101 }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/outreach/templates/reminder/Fax/fr", new { body = "" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/outreach/strategy-runs", new { }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/outreach/sms/inbound", new { from = "555", text = "STOP" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateClient().GetAsync("/api/v1/outreach/email-opt-outs?token=abc.def", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateClient().PostAsJsonAsync("/api/v1/outreach/email-opt-outs", new { }, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_strategies_splits_runs_and_accounts_are_not_found()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        using var stranger = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin));
        var strategyId = await CreateStrategyAsync(admin, "early", "Early", Step(0, "Letter", "initial-notice"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/outreach/segments/early/split", new { championStrategyId = strategyId }, Cancel)).StatusCode);
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "early"));
        await service.RunAsync(tenantId, Day);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/outreach/strategies/{strategyId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/api/v1/outreach/strategies/{strategyId}", new { name = "Mine", segment = "early", steps = new[] { Step(0, "Letter", "initial-notice") } }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync("/api/v1/outreach/segments/early/split", new { championStrategyId = strategyId }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/outreach/segments/early/split", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/outreach/strategy-runs/2026-12-02", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/outreach/accounts/{account.AccountId}/strategy-assignment", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/outreach/accounts/{account.AccountId}/planned-contacts", Cancel)).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/v1/outreach/strategies", Cancel)).EnumerateArray());
    }

    [Fact]
    public async Task Agents_may_not_change_strategies()
    {
        using var agent = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Agent));

        var response = await agent.PostAsJsonAsync("/api/v1/outreach/strategies", new { name = "x", segment = "early", steps = new[] { Step(0, "Letter", "initial-notice") } }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_tenants_template_replaces_the_default_and_encodes_the_accounts_data()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var put = await admin.PutAsJsonAsync("/api/v1/outreach/templates/initial-notice/Letter/en", new { subject = "Notice", body = "<p>Owed to {{Creditor}}: {{Balance}}</p>" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await CreateStrategyAsync(admin, "tpl", "Letters", Step(0, "Letter", "initial-notice"));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "tpl"));
        await service.RunAsync(tenantId, Day);

        await service.DispatchAsync(tenantId, new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));

        var message = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{account.AccountId}/messages", Cancel))[0];
        Assert.Contains("<p>Owed to Acme &lt;Bank&gt; &amp; Co: 1,250.00 USD</p>", message.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_champion_challenger_bucket_is_the_same_on_every_machine()
    {
        Assert.Equal(7024, ChampionChallenger.Bucket(Guid.Parse("0190a5c2-7b3e-7000-8000-000000000001"), Guid.Parse("0190a5c2-7b3e-7000-8000-0000000000ff")));
        Assert.Equal(5570, ChampionChallenger.Bucket(Guid.Parse("11111111-2222-3333-4444-555555555555"), Guid.Parse("66666666-7777-8888-9999-aaaaaaaaaaaa")));
    }
}
