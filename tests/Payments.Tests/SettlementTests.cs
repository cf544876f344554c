using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class SettlementTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Agent => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

    private HttpClient Supervisor => service.ClientFor(TestCallers.Staff(tenantId, Roles.Supervisor));

    private HttpClient Client => service.ClientFor(TestCallers.Client(tenantId, clientId));

    [Fact]
    public async Task The_limits_arrive_in_ClientSettingsChanged_and_an_agent_agrees_an_offer_within_the_agent_discount_at_once()
    {
        await service.PublishAsync(Settings(agent: 10m, supervisor: 25m));
        await Eventually.Until(
            () => service.InTenantAsync(tenantId, db => db.ClientSettlementTerms.AsNoTracking().SingleOrDefaultAsync(t => t.ClientId == clientId, Cancel)),
            terms => terms is not null, Deadline, "the client's settlement limits");
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);

        var settlement = await OfferAsync(Agent, account.AccountId, 900m);

        Assert.Equal(("agreed", "agent", "agent", 10m), (settlement.Status, settlement.RequiredApprover, settlement.ApprovedBy, settlement.DiscountPercent));
        Assert.Equal(["offered", "agreed"], settlement.History.Select(h => h.Action));
        var agreed = Event<SettlementAgreed>(Assert.Single(await service.OutboxAsync(tenantId, nameof(SettlementAgreed))).Body);
        Assert.Equal((settlement.SettlementId, 900m, 1000m, "agent"), (agreed.SettlementId, agreed.Amount, agreed.BalanceAtOffer, agreed.ApprovedBy));
    }

    [Fact]
    public async Task An_agents_offer_within_the_supervisor_discount_waits_for_a_supervisor_whom_an_agent_cannot_replace()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);

        var settlement = await OfferAsync(Agent, account.AccountId, 800m);
        Assert.Equal(("pending", "supervisor"), (settlement.Status, settlement.RequiredApprover));
        Assert.Empty(await service.OutboxAsync(tenantId, nameof(SettlementAgreed)));
        Assert.DoesNotContain(await WaitingAsync(Agent), s => s.SettlementId == settlement.SettlementId);
        Assert.Contains(await WaitingAsync(Supervisor), s => s.SettlementId == settlement.SettlementId);

        Assert.Equal(HttpStatusCode.Forbidden, (await ApproveAsync(Agent, settlement.SettlementId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApproveAsync(Client, settlement.SettlementId)).StatusCode);
        var approved = await ApproveAsync(Supervisor, settlement.SettlementId);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var agreed = (await approved.Content.ReadFromJsonAsync<SettlementResponse>(Cancel))!;
        Assert.Equal(("agreed", "supervisor"), (agreed.Status, agreed.ApprovedBy));
        Assert.Equal("supervisor", Event<SettlementAgreed>(Assert.Single(await service.OutboxAsync(tenantId, nameof(SettlementAgreed))).Body).ApprovedBy);
        Assert.Equal(HttpStatusCode.Conflict, (await ApproveAsync(Supervisor, settlement.SettlementId)).StatusCode);
        Assert.DoesNotContain(await WaitingAsync(Supervisor), s => s.SettlementId == settlement.SettlementId);
    }

    [Fact]
    public async Task A_supervisors_own_offer_within_the_supervisor_discount_is_agreed_at_once()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);

        var settlement = await OfferAsync(Supervisor, account.AccountId, 750m);

        Assert.Equal(("agreed", "supervisor"), (settlement.Status, settlement.ApprovedBy));
    }

    [Fact]
    public async Task An_offer_beyond_the_supervisor_discount_waits_for_its_client_and_no_other_client_can_see_or_approve_it()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        var otherClient = service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid()));

        var settlement = await OfferAsync(Supervisor, account.AccountId, 600m);
        Assert.Equal(("pending", "client"), (settlement.Status, settlement.RequiredApprover));
        Assert.Contains(await WaitingAsync(Client), s => s.SettlementId == settlement.SettlementId);
        Assert.DoesNotContain(await WaitingAsync(otherClient), s => s.SettlementId == settlement.SettlementId);
        Assert.DoesNotContain(await WaitingAsync(Supervisor), s => s.SettlementId == settlement.SettlementId);

        Assert.Equal(HttpStatusCode.Forbidden, (await ApproveAsync(Supervisor, settlement.SettlementId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApproveAsync(otherClient, settlement.SettlementId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/api/v1/payments/settlements/{settlement.SettlementId}", Cancel)).StatusCode);
        var approved = await ApproveAsync(Client, settlement.SettlementId);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("client", (await approved.Content.ReadFromJsonAsync<SettlementResponse>(Cancel))!.ApprovedBy);
        Assert.Equal("client", Event<SettlementAgreed>(Assert.Single(await service.OutboxAsync(tenantId, nameof(SettlementAgreed))).Body).ApprovedBy);
    }

    [Fact]
    public async Task A_consumers_portal_offer_goes_to_the_approver_its_discount_needs()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var consumerId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId, consumerId);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, consumerId));

        var small = await OfferAsync(consumer, account.AccountId, 950m);
        Assert.Equal(("pending", "agent"), (small.Status, small.RequiredApprover));
        Assert.Contains(await WaitingAsync(Agent), s => s.SettlementId == small.SettlementId);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApproveAsync(consumer, small.SettlementId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RejectAsync(Agent, small.SettlementId, "Can pay more")).StatusCode);

        var deep = await OfferAsync(consumer, account.AccountId, 500m);
        Assert.Equal(("pending", "client"), (deep.Status, deep.RequiredApprover));
        Assert.Contains(await WaitingAsync(Client), s => s.SettlementId == deep.SettlementId);
    }

    [Fact]
    public async Task An_agreed_settlement_paid_in_full_in_one_payment_publishes_SettlementFulfilled()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        var settlement = await OfferAsync(Agent, account.AccountId, 900m);

        var tooMuch = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), new { amount = 900.01m, currency = "USD", paymentToken = "tok_visa_approve", method = "card", settlementId = settlement.SettlementId });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        var paid = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), new { amount = 900m, currency = "USD", paymentToken = "tok_visa_approve", method = "card", settlementId = settlement.SettlementId });

        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var fulfilled = Event<SettlementFulfilled>(Assert.Single(await service.OutboxAsync(tenantId, nameof(SettlementFulfilled))).Body);
        Assert.Equal((settlement.SettlementId, account.AccountId, 900m), (fulfilled.SettlementId, fulfilled.AccountId, fulfilled.SettledAmount));
        Assert.Equal(settlement.SettlementId, Event<PaymentPosted>(Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentPosted))).Body).SettlementId);
        var after = await GetAsync(settlement.SettlementId);
        Assert.Equal(("fulfilled", 900m), (after.Status, after.PaidAmount));
        Assert.Equal("fulfilled", after.History[^1].Action);
    }

    [Fact]
    public async Task An_agreed_settlement_paid_through_a_plan_publishes_SettlementFulfilled_with_the_last_instalment()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        var settlement = await OfferAsync(Agent, account.AccountId, 900m);
        var today = DateOnly.FromDateTime(service.Clock.GetUtcNow().UtcDateTime);
        var response = await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans",
            new { frequency = "weekly", instalmentCount = 2, firstDueDate = today, settlementId = settlement.SettlementId, autopay = new { paymentToken = "tok_visa_approve", method = "card" } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plan = (await response.Content.ReadFromJsonAsync<PaymentPlanResponse>(Cancel))!;
        Assert.Equal((900m, settlement.SettlementId), (plan.Total, plan.SettlementId));

        var scheduler = service.Services.GetRequiredService<PaymentPlanScheduler>();
        await scheduler.RunAsync(Cancel);
        Assert.Empty(await service.OutboxAsync(tenantId, nameof(SettlementFulfilled)));
        service.Clock.Advance(TimeSpan.FromDays(7));
        await scheduler.RunAsync(Cancel);

        Assert.Single(await service.OutboxAsync(tenantId, nameof(SettlementFulfilled)));
        Assert.Equal("fulfilled", (await GetAsync(settlement.SettlementId)).Status);
        Assert.Equal("completed", (await Agent.GetFromJsonAsync<PaymentPlanResponse>($"/api/v1/payments/plans/{plan.PaymentPlanId}", Cancel))!.Status);
    }

    [Fact]
    public async Task Pending_offers_and_agreed_but_unpaid_settlements_expire()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var pendingAccount = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        var agreedAccount = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        var pending = await OfferAsync(Agent, pendingAccount.AccountId, 800m);
        var agreed = await OfferAsync(Agent, agreedAccount.AccountId, 950m);
        var scheduler = service.Services.GetRequiredService<PaymentPlanScheduler>();

        service.Clock.Advance(TimeSpan.FromDays(7));
        await scheduler.RunAsync(Cancel);
        Assert.Equal("expired", (await GetAsync(pending.SettlementId)).Status);
        Assert.Equal("agreed", (await GetAsync(agreed.SettlementId)).Status);

        service.Clock.Advance(TimeSpan.FromDays(23));
        await scheduler.RunAsync(Cancel);
        var expired = await GetAsync(agreed.SettlementId);
        Assert.Equal("expired", expired.Status);
        Assert.Equal(("expired", "system"), (expired.History[^1].Action, expired.History[^1].Actor));
    }

    [Fact]
    public async Task Settlements_answer_bad_input_with_problems_and_other_tenants_ids_with_404()
    {
        await LimitsAsync(agent: 10m, supervisor: 25m);
        var account = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        var otherTenant = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Supervisor));
        var settlement = await OfferAsync(Agent, account.AccountId, 800m);
        var offers = $"/api/v1/payments/accounts/{account.AccountId}/settlements";

        Assert.Equal(HttpStatusCode.BadRequest, (await Agent.PostAsJsonAsync(offers, new { }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Agent.PostAsJsonAsync(offers, new { amount = 990m, currency = "USD" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.PostAsJsonAsync(offers, new { amount = 990m, currency = "USD" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RejectAsync(Supervisor, settlement.SettlementId, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientFor(TestCallers.Staff(tenantId, Roles.ComplianceOfficer)).GetAsync("/api/v1/payments/settlements/approvals", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApproveAsync(otherTenant, settlement.SettlementId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.GetAsync($"/api/v1/payments/settlements/{settlement.SettlementId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.GetAsync(offers, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.PostAsJsonAsync(offers, new { amount = 800m, currency = "USD" }, Cancel)).StatusCode);
        Assert.DoesNotContain(await WaitingAsync(otherTenant), s => s.SettlementId == settlement.SettlementId);

        var other = await service.SeedAccountAsync(tenantId, 1000m, clientId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{other.AccountId}/settlements", new { amount = 1000m, currency = "USD" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{other.AccountId}/settlements", new { amount = 900m, currency = "EUR" }, Cancel)).StatusCode);
    }

    private ClientSettingsChanged Settings(decimal agent, decimal supervisor) => new()
    {
        TenantId = tenantId,
        OccurredAt = service.Clock.GetUtcNow(),
        ClientId = clientId,
        ClientName = "Test Bank",
        ContingencyFeePercent = 25m,
        AgentSettlementDiscountPercent = agent,
        SupervisorSettlementDiscountPercent = supervisor,
        PaymentApplicationOrder = ["fees", "interest", "principal"],
    };

    /// <summary>Stores the client's limits as the ClientSettingsChanged consumer would.</summary>
    private Task LimitsAsync(decimal agent, decimal supervisor) => service.InTenantAsync(tenantId, async db =>
    {
        var terms = ClientSettlementTerms.For(tenantId, clientId);
        terms.Change(agent, supervisor, service.Clock.GetUtcNow());
        db.ClientSettlementTerms.Add(terms);
        await db.SaveChangesAsync(Cancel);
    });

    private static async Task<SettlementResponse> OfferAsync(HttpClient client, Guid accountId, decimal amount)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/payments/accounts/{accountId}/settlements", new { amount, currency = "USD", reason = "Lump sum from savings" }, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<SettlementResponse>(Cancel))!;
    }

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient client, Guid settlementId) =>
        client.PostAsJsonAsync($"/api/v1/payments/settlements/{settlementId}/approval", new { reason = "Within policy" }, Cancel);

    private static Task<HttpResponseMessage> RejectAsync(HttpClient client, Guid settlementId, string? reason) =>
        client.PostAsJsonAsync($"/api/v1/payments/settlements/{settlementId}/rejection", new { reason }, Cancel);

    private static async Task<List<SettlementResponse>> WaitingAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<SettlementResponse>>("/api/v1/payments/settlements/approvals", Cancel))!;

    private async Task<SettlementResponse> GetAsync(Guid settlementId) =>
        (await Agent.GetFromJsonAsync<SettlementResponse>($"/api/v1/payments/settlements/{settlementId}", Cancel))!;

    private static T Event<T>(string body) => JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
}
