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

public sealed class PaymentPlanTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Agent => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

    private DateOnly Today => DateOnly.FromDateTime(service.Clock.GetUtcNow().UtcDateTime);

    private PaymentPlanScheduler Scheduler => service.Services.GetRequiredService<PaymentPlanScheduler>();

    [Fact]
    public async Task An_agent_sets_up_a_monthly_plan_for_the_balance_from_accounts_and_it_publishes_PaymentPlanCreated()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        service.AccountsService.SetBalance(account.AccountId, 1000m);

        var plan = await CreatePlanAsync(Agent, account.AccountId, new { frequency = "monthly", instalmentCount = 3, firstDueDate = Today.AddDays(10) });

        Assert.Equal(1000m, plan.Total);
        Assert.Equal([333.33m, 333.33m, 333.34m], plan.Instalments.Select(i => i.Amount));
        Assert.Equal([Today.AddDays(10), Today.AddDays(10).AddMonths(1), Today.AddDays(10).AddMonths(2)], plan.Instalments.Select(i => i.DueDate));
        Assert.Equal("created", Assert.Single(plan.History).Action);
        var created = Event<PaymentPlanCreated>(Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentPlanCreated))).Body);
        Assert.Equal(plan.PaymentPlanId, created.PaymentPlanId);
        Assert.Equal("monthly", created.Frequency);
        Assert.Equal(3, created.InstalmentCount);
        Assert.Null(created.ReplacesPaymentPlanId);
    }

    [Fact]
    public async Task Autopay_charges_the_stored_method_on_the_due_date_once()
    {
        var account = await service.SeedAccountAsync(tenantId, 90m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new
        {
            frequency = "weekly",
            instalmentCount = 3,
            firstDueDate = Today.AddDays(2),
            autopay = new { paymentToken = "tok_visa_approve", method = "card" },
        });

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);
        Assert.Empty(await PaymentsAsync(account.AccountId));

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);
        await Scheduler.RunAsync(Cancel);

        var payment = Assert.Single(await PaymentsAsync(account.AccountId));
        Assert.Equal(30m, payment.Amount);
        Assert.Equal(PaymentStatus.Posted, payment.Status);
        Assert.Equal((plan.PaymentPlanId, 1), (payment.PaymentPlanId!.Value, payment.InstalmentNumber!.Value));
        var posted = Event<PaymentPosted>(Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentPosted))).Body);
        Assert.Equal(plan.PaymentPlanId, posted.PaymentPlanId);
        Assert.Equal("autopay", posted.RecordedBy);
        var after = await GetPlanAsync(plan.PaymentPlanId);
        Assert.Equal(["paid", "scheduled", "scheduled"], after.Instalments.Select(i => i.Status));
        Assert.Equal(60m, await service.InTenantAsync(tenantId, db => db.Accounts.Where(a => a.AccountId == account.AccountId).Select(a => a.Balance).SingleAsync(Cancel)));
    }

    [Fact]
    public async Task An_autopay_instalment_gets_a_receipt_and_is_split_at_the_clients_own_contingency_fee()
    {
        var account = await service.SeedAccountAsync(tenantId, 90m);
        await service.PublishAsync(new ClientSettingsChanged
        {
            TenantId = tenantId,
            OccurredAt = service.Clock.GetUtcNow().AddDays(-1),
            ClientId = account.ClientId,
            ClientName = "Creditor",
            ContingencyFeePercent = 12.5m,
            AgentSettlementDiscountPercent = 10m,
            SupervisorSettlementDiscountPercent = 20m,
            PaymentApplicationOrder = ["fees", "interest", "principal"],
        });
        await Eventually.Until(
            () => service.InTenantAsync(tenantId, db => db.ContingencyFeeRates.AnyAsync(r => r.ClientId == account.ClientId, Cancel)),
            found => found,
            TimeSpan.FromSeconds(30),
            $"the fee of client {account.ClientId}");
        await CreatePlanAsync(Agent, account.AccountId, new
        {
            frequency = "weekly",
            instalmentCount = 3,
            firstDueDate = Today.AddDays(1),
            autopay = new { paymentToken = "tok_visa_approve", method = "card" },
        });

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);

        var payment = Assert.Single(await PaymentsAsync(account.AccountId));
        var receipts = await Agent.GetFromJsonAsync<List<ReceiptResponse>>($"/api/v1/payments/accounts/{account.AccountId}/receipts", Cancel);
        var receipt = Assert.Single(receipts!);
        Assert.Equal((payment.Id, 30m, 60m, "card", "4242"), (receipt.PaymentId, receipt.Amount, receipt.RemainingBalance, receipt.Method, receipt.LastFour!));
        var lines = await service.InTenantAsync(tenantId, db => db.Journal.AsNoTracking().Where(e => e.PaymentId == payment.Id).ToListAsync(Cancel));
        Assert.All(lines, l => Assert.Equal(12.5m, l.FeePercent));
        Assert.Equal(3.75m, lines.Single(l => l.Ledger == Ledger.AgencyFeeReceivable).Credit);
        Assert.Equal(26.25m, lines.Single(l => l.Ledger == Ledger.ClientPayable).Credit);
        Assert.Equal(30m, lines.Single(l => l.Ledger == Ledger.TrustCash).Debit);
    }

    [Fact]
    public async Task The_reminder_goes_out_once_per_instalment_the_configured_days_before_it_is_due()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new { frequency = "biweekly", instalmentCount = 2, firstDueDate = Today.AddDays(5) });

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);
        Assert.Empty(await service.OutboxAsync(tenantId, nameof(PaymentInstalmentDue)));

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);
        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);

        var due = Event<PaymentInstalmentDue>(Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentInstalmentDue))).Body);
        Assert.Equal((plan.PaymentPlanId, 1, plan.Instalments[0].DueDate, 50m, false), (due.PaymentPlanId, due.InstalmentNumber, due.DueDate, due.Amount, due.Autopay));
    }

    [Fact]
    public async Task An_instalment_unpaid_after_the_five_day_grace_period_breaks_the_plan()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new { frequency = "weekly", instalmentCount = 4, firstDueDate = Today.AddDays(1) });

        service.Clock.Advance(TimeSpan.FromDays(6));
        await Scheduler.RunAsync(Cancel);
        Assert.Equal("active", (await GetPlanAsync(plan.PaymentPlanId)).Status);
        Assert.Empty(await service.OutboxAsync(tenantId, nameof(PaymentPlanBroken)));

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);
        await Scheduler.RunAsync(Cancel);

        var broken = await GetPlanAsync(plan.PaymentPlanId);
        Assert.Equal("broken", broken.Status);
        Assert.Equal("broken", broken.History[^1].Action);
        var evt = Event<PaymentPlanBroken>(Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentPlanBroken))).Body);
        Assert.Equal(plan.Instalments[0].DueDate, evt.MissedDueDate);
    }

    [Fact]
    public async Task A_returned_ach_instalment_is_marked_missed_and_the_grace_period_starts_again_from_the_return()
    {
        var account = await service.SeedAccountAsync(tenantId, 200m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new
        {
            frequency = "monthly",
            instalmentCount = 2,
            firstDueDate = Today,
            autopay = new { paymentToken = "btok_ach_return_r01", method = "ach" },
        });
        await Scheduler.RunAsync(Cancel);
        Assert.Equal("paid", (await GetPlanAsync(plan.PaymentPlanId)).Instalments[0].Status);

        service.Clock.Advance(TimeSpan.FromDays(5));
        await service.Services.GetRequiredService<ChargeReturnWatcher>().CheckAsync(Cancel);

        var returned = await GetPlanAsync(plan.PaymentPlanId);
        Assert.Equal("missed", returned.Instalments[0].Status);
        Assert.Contains(returned.History, h => h.Action == "instalment-missed" && h.Reason!.Contains("ach-return:R01", StringComparison.Ordinal));

        // Due on day 0, returned on day 5: without the return it would break on day 6, with it on day 11.
        service.Clock.Advance(TimeSpan.FromDays(5));
        await Scheduler.RunAsync(Cancel);
        Assert.Equal("active", (await GetPlanAsync(plan.PaymentPlanId)).Status);

        service.Clock.Advance(TimeSpan.FromDays(1));
        await Scheduler.RunAsync(Cancel);
        Assert.Equal("broken", (await GetPlanAsync(plan.PaymentPlanId)).Status);
        Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentPlanBroken)));
    }

    [Fact]
    public async Task A_declined_autopay_charge_marks_the_instalment_missed_and_posts_nothing()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new
        {
            frequency = "weekly",
            instalmentCount = 2,
            firstDueDate = Today,
            autopay = new { paymentToken = "tok_visa_insufficient_funds", method = "card" },
        });

        await Scheduler.RunAsync(Cancel);
        await Scheduler.RunAsync(Cancel);

        Assert.Equal("missed", (await GetPlanAsync(plan.PaymentPlanId)).Instalments[0].Status);
        Assert.Equal(PaymentStatus.Declined, Assert.Single(await PaymentsAsync(account.AccountId)).Status);
        Assert.Empty(await service.OutboxAsync(tenantId, nameof(PaymentPosted)));
    }

    [Fact]
    public async Task Renegotiation_replaces_the_plan_with_a_new_one_and_keeps_both_with_their_history()
    {
        var account = await service.SeedAccountAsync(tenantId, 600m);
        var first = await CreatePlanAsync(Agent, account.AccountId, new { frequency = "monthly", instalmentCount = 2, firstDueDate = Today.AddDays(3) });
        service.Clock.Advance(TimeSpan.FromMinutes(10));

        var response = await Agent.PostAsJsonAsync($"/api/v1/payments/plans/{first.PaymentPlanId}/renegotiation",
            new { frequency = "weekly", instalmentCount = 6, firstDueDate = Today.AddDays(7), reason = "Lost hours at work" }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var second = (await response.Content.ReadFromJsonAsync<PaymentPlanResponse>(Cancel))!;
        Assert.Equal(first.PaymentPlanId, second.ReplacesPaymentPlanId);
        Assert.Equal(Enumerable.Repeat(100m, 6), second.Instalments.Select(i => i.Amount));
        var old = await GetPlanAsync(first.PaymentPlanId);
        Assert.Equal("replaced", old.Status);
        Assert.Equal(second.PaymentPlanId, old.ReplacedByPaymentPlanId);
        Assert.Equal(["created", "replaced"], old.History.Select(h => h.Action));
        Assert.Equal("Lost hours at work", old.History[1].Reason);
        Assert.Equal(2, old.Instalments.Count);
        var all = await Agent.GetFromJsonAsync<List<PaymentPlanResponse>>($"/api/v1/payments/accounts/{account.AccountId}/plans", Cancel);
        Assert.Equal([second.PaymentPlanId, first.PaymentPlanId], all!.Select(p => p.PaymentPlanId));
        var events = (await service.OutboxAsync(tenantId, nameof(PaymentPlanCreated))).Select(m => Event<PaymentPlanCreated>(m.Body)).ToList();
        Assert.Contains(events, e => e.PaymentPlanId == second.PaymentPlanId && e.ReplacesPaymentPlanId == first.PaymentPlanId);

        var again = await Agent.PostAsJsonAsync($"/api/v1/payments/plans/{first.PaymentPlanId}/renegotiation",
            new { frequency = "weekly", instalmentCount = 2, firstDueDate = Today.AddDays(7) }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_manual_payment_of_the_instalment_amount_pays_the_next_instalment()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new { frequency = "weekly", instalmentCount = 4, firstDueDate = Today.AddDays(3) });

        var wrong = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), new { amount = 20m, currency = "USD", paymentToken = "tok_visa_approve", method = "card", paymentPlanId = plan.PaymentPlanId });
        var right = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), new { amount = 25m, currency = "USD", paymentToken = "tok_visa_approve", method = "card", paymentPlanId = plan.PaymentPlanId });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        var paid = await GetPlanAsync(plan.PaymentPlanId);
        Assert.Equal(["paid", "scheduled", "scheduled", "scheduled"], paid.Instalments.Select(i => i.Status));
        Assert.Equal(plan.PaymentPlanId, Event<PaymentPosted>(Assert.Single(await service.OutboxAsync(tenantId, nameof(PaymentPosted))).Body).PaymentPlanId);
    }

    [Fact]
    public async Task A_consumer_in_the_portal_keeps_within_the_tenant_rules_which_an_admin_can_change()
    {
        var consumerId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, 1300m, consumerId: consumerId);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, consumerId));
        var thirteen = new { frequency = "monthly", instalmentCount = 13, firstDueDate = Today.AddDays(1) };

        var refused = await consumer.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", thirteen, Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var tooSmall = await consumer.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", new { frequency = "weekly", instalmentCount = 12, firstDueDate = Today.AddDays(1) }, Cancel);
        Assert.Equal(HttpStatusCode.Created, tooSmall.StatusCode);
        (await Agent.PostAsJsonAsync($"/api/v1/payments/plans/{(await tooSmall.Content.ReadFromJsonAsync<PaymentPlanResponse>(Cancel))!.PaymentPlanId}/renegotiation", thirteen, Cancel)).EnsureSuccessStatusCode();

        var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        Assert.Equal(HttpStatusCode.Forbidden, (await Agent.PutAsJsonAsync("/api/v1/payments/plan-rules", new { maxInstalments = 24, minInstalmentAmount = 120m }, Cancel)).StatusCode);
        (await admin.PutAsJsonAsync("/api/v1/payments/plan-rules", new { maxInstalments = 24, minInstalmentAmount = 120m }, Cancel)).EnsureSuccessStatusCode();
        var rules = await consumer.GetFromJsonAsync<PortalPlanRulesResponse>("/api/v1/payments/plan-rules", Cancel);
        Assert.Equal(new PortalPlanRulesResponse(24, 120m, true), rules);

        var other = await service.SeedAccountAsync(tenantId, 1300m, consumerId: consumerId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await consumer.PostAsJsonAsync($"/api/v1/payments/accounts/{other.AccountId}/plans", new { frequency = "weekly", instalmentCount = 11, firstDueDate = Today.AddDays(1) }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await consumer.PostAsJsonAsync($"/api/v1/payments/accounts/{other.AccountId}/plans", new { frequency = "weekly", instalmentCount = 10, firstDueDate = Today.AddDays(1) }, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Plans_answer_bad_input_with_problems_wrong_roles_with_403_and_other_tenants_ids_with_404()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        var plan = await CreatePlanAsync(Agent, account.AccountId, new { frequency = "weekly", instalmentCount = 2, firstDueDate = Today.AddDays(1) });
        var otherTenant = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Agent));
        var valid = new { frequency = "weekly", instalmentCount = 2, firstDueDate = Today.AddDays(1) };

        var empty = await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", new { }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", new { frequency = "daily", instalmentCount = 0, firstDueDate = Today.AddDays(-1) }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", new { valid.frequency, valid.instalmentCount, valid.firstDueDate, autopay = new { paymentToken = "4242424242424242", method = "card" } }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", new { frequency = "weekly", instalmentCount = "two", firstDueDate = "31/12/2026" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Agent.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", valid, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientFor(TestCallers.Staff(tenantId, Roles.ComplianceOfficer)).PostAsJsonAsync($"/api/v1/payments/plans/{plan.PaymentPlanId}/renegotiation", valid, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.GetAsync($"/api/v1/payments/plans/{plan.PaymentPlanId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.PostAsJsonAsync($"/api/v1/payments/plans/{plan.PaymentPlanId}/renegotiation", valid, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.PostAsJsonAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", valid, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.GetAsync($"/api/v1/payments/accounts/{account.AccountId}/plans", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())).GetAsync($"/api/v1/payments/plans/{plan.PaymentPlanId}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_client_sets_up_plans_on_its_own_accounts_through_the_client_api_only()
    {
        var clientId = Guid.NewGuid();
        var own = await service.SeedAccountAsync(tenantId, 100m, clientId);
        var others = await service.SeedAccountAsync(tenantId, 100m);
        var client = service.ClientFor(TestCallers.Client(tenantId, clientId));
        var body = new { frequency = "weekly", instalmentCount = 2, firstDueDate = Today.AddDays(1) };

        var plan = await CreatePlanAsync(client, own.AccountId, body);

        Assert.Equal("client", plan.CreatedBy);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/payments/accounts/{others.AccountId}/plans", body, Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_plan_history_cannot_be_changed_or_deleted_in_the_database()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        await CreatePlanAsync(Agent, account.AccountId, new { frequency = "weekly", instalmentCount = 2, firstDueDate = Today.AddDays(1) });

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => service.InTenantAsync(tenantId, db => db.History.ExecuteDeleteAsync(Cancel)));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => service.InTenantAsync(tenantId, db => db.History.ExecuteUpdateAsync(h => h.SetProperty(e => e.Reason, "rewritten"), Cancel)));
        Assert.Single(await service.InTenantAsync(tenantId, db => db.History.Where(h => h.AccountId == account.AccountId).ToListAsync(Cancel)));
    }

    private async Task<PaymentPlanResponse> CreatePlanAsync(HttpClient client, Guid accountId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/payments/accounts/{accountId}/plans", body, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<PaymentPlanResponse>(Cancel))!;
    }

    private async Task<PaymentPlanResponse> GetPlanAsync(Guid planId) =>
        (await Agent.GetFromJsonAsync<PaymentPlanResponse>($"/api/v1/payments/plans/{planId}", Cancel))!;

    private Task<List<Payment>> PaymentsAsync(Guid accountId) =>
        service.InTenantAsync(tenantId, db => db.Payments.AsNoTracking().Where(p => p.AccountId == accountId).ToListAsync(Cancel));

    private static T Event<T>(string body) => JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
}
