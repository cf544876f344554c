using System.Net;
using System.Net.Http.Json;
using System.Text;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Apis;
using Collections.Disputes.Infrastructure;
using Collections.IntegrationTesting;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Disputes.Tests;

public sealed class ComplaintsApiTests(DisputesServiceFactory service) : IClassFixture<DisputesServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();
    private readonly Guid consumerId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_regulator_complaint_is_due_15_days_after_receipt_for_a_first_response_and_60_to_close()
    {
        var account = await SeedAsync();
        var received = DateTimeOffset.UtcNow.AddDays(-3);

        var response = await Staff(Roles.ComplianceOfficer).PostAsJsonAsync(ComplaintsPath(account), new
        {
            source = "regulator",
            regulatorReference = "CFPB-261125-000123",
            category = "harassment",
            severity = "high",
            description = "Consumer reports repeated calls at work.",
            receivedAt = received,
        }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var complaint = (await response.Content.ReadFromJsonAsync<ComplaintResponse>(Cancel))!;
        Assert.Equal("open", complaint.Status);
        Assert.Equal("CFPB-261125-000123", complaint.RegulatorReference);
        AssertSameInstant(received.AddDays(15), complaint.FirstResponseDue);
        AssertSameInstant(received.AddDays(60), complaint.CloseDue);
        var opened = Assert.Single(await service.QueuedAsync<ComplaintOpened>(tenantId));
        Assert.Equal("regulator", opened.Source);
        Assert.Equal(account, opened.AccountId);
        Assert.Equal(clientId, opened.ClientId);
        AssertSameInstant(complaint.CloseDue, opened.CloseDue);
    }

    [Fact]
    public async Task Consumer_client_and_agent_complaints_are_due_5_and_30_days_after_receipt_by_default()
    {
        var account = await SeedAsync();
        var before = DateTimeOffset.UtcNow;

        var byConsumer = await OpenAsync(Portal(), account, new { category = "wrong-amount", description = "The balance is wrong." });
        var byClient = await OpenAsync(Client(), account, new { category = "privacy", description = "Consumer says a neighbour was told." });
        var byAgent = await OpenAsync(Staff(Roles.Agent), account, new { source = "agent", category = "agent-conduct", description = "Rude on the phone.", agentId = "agent-42" });

        foreach (var (complaint, source) in new[] { (byConsumer, "consumer"), (byClient, "client"), (byAgent, "agent") })
        {
            Assert.Equal(source, complaint.Source);
            Assert.InRange(complaint.FirstResponseDue, before.AddDays(5), DateTimeOffset.UtcNow.AddDays(5));
            Assert.Equal(TimeSpan.FromDays(25), complaint.CloseDue - complaint.FirstResponseDue);
        }
    }

    [Fact]
    public async Task A_tenant_with_its_own_deadlines_gets_them()
    {
        var tenant = DisputesServiceFactory.TenantWithOwnDeadlines;
        var account = await service.SeedAccountAsync(tenant, clientId, consumerId, Today);

        var complaint = await OpenAsync(service.ClientFor(TestCallers.Consumer(tenant, consumerId)), account.AccountId, new { category = "other", description = "Letters keep coming." });

        Assert.Equal(TimeSpan.FromDays(2), complaint.FirstResponseDue - complaint.ReceivedAt);
        Assert.Equal(TimeSpan.FromDays(10), complaint.CloseDue - complaint.ReceivedAt);
    }

    [Fact]
    public async Task An_overdue_complaint_is_listed_and_escalated_to_the_supervisors_once()
    {
        var account = await SeedAsync();
        var overdue = await OpenAsync(Staff(Roles.Agent), account, new
        {
            source = "regulator",
            regulatorReference = "AG-77",
            category = "harassment",
            description = "Unanswered.",
            receivedAt = DateTimeOffset.UtcNow.AddDays(-16),
        });
        var nearing = await OpenAsync(Staff(Roles.Agent), account, new
        {
            source = "regulator",
            regulatorReference = "AG-78",
            category = "other",
            description = "Due tomorrow.",
            receivedAt = DateTimeOffset.UtcNow.AddDays(-14),
        });
        var fresh = await OpenAsync(Portal(), account, new { category = "other", description = "Just arrived." });
        var sweeper = service.Services.GetRequiredService<ComplaintEscalationSweeper>();

        await sweeper.SweepAsync(Cancel);
        await sweeper.SweepAsync(Cancel);

        var list = await Staff(Roles.Supervisor).GetFromJsonAsync<List<ComplaintResponse>>("/api/v1/disputes/complaints/overdue", Cancel);
        var listed = Assert.Single(list!);
        Assert.Equal(overdue.Id, listed.Id);
        Assert.True(listed.Overdue);
        foreach (var (complaint, escalated) in new[] { (overdue, true), (nearing, true), (fresh, false) })
        {
            var detail = await Staff(Roles.Supervisor).GetFromJsonAsync<ComplaintDetailResponse>($"{ComplaintsPath(account)}/{complaint.Id}", Cancel);
            Assert.Equal(escalated ? "escalated" : "open", detail!.Complaint.Status);
            var escalations = detail.History.Where(h => h.Action == "escalated").ToList();
            Assert.Equal(escalated ? 1 : 0, escalations.Count);
            Assert.All(escalations, e => Assert.Equal("system", e.ActorKind));
        }

        var queue = await Staff(Roles.Supervisor).GetFromJsonAsync<List<ComplaintResponse>>("/api/v1/disputes/complaints?status=escalated", Cancel);
        Assert.Equal([nearing.Id, overdue.Id], queue!.Select(c => c.Id));
    }

    [Fact]
    public async Task Resolving_a_complaint_records_root_cause_and_resolution_and_queues_ComplaintResolved()
    {
        var account = await SeedAsync();
        var complaint = await OpenAsync(Portal(), account, new { category = "harassment", description = "Calls every day." });
        var path = $"{ComplaintsPath(account)}/{complaint.Id}";
        await Staff(Roles.Agent).PostAsJsonAsync($"{path}/first-response", new { response = "We are looking into it." }, Cancel);
        var resolution = new { rootCause = "Dialer campaign ignored the 7-in-7 cap.", resolution = "Campaign fixed; apology letter sent." };

        var byAgent = await Staff(Roles.Agent).PostAsJsonAsync($"{path}/resolution", resolution, Cancel);
        var bySupervisor = await Staff(Roles.Supervisor).PostAsJsonAsync($"{path}/resolution", resolution, Cancel);
        var again = await Staff(Roles.Supervisor).PostAsJsonAsync($"{path}/resolution", resolution, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var closed = (await bySupervisor.Content.ReadFromJsonAsync<ComplaintResponse>(Cancel))!;
        Assert.Equal("closed", closed.Status);
        Assert.Equal("We are looking into it.", closed.FirstResponse);
        var resolved = Assert.Single(await service.QueuedAsync<ComplaintResolved>(tenantId));
        Assert.Equal(complaint.Id, resolved.ComplaintId);
        Assert.Equal(resolution.rootCause, resolved.RootCause);
        Assert.Equal(resolution.resolution, resolved.Resolution);
        Assert.False(resolved.ClosedLate);
    }

    [Fact]
    public async Task The_complaint_history_is_queried_per_account_by_date_range()
    {
        var account = await SeedAsync();
        var complaint = await OpenAsync(Portal(), account, new { category = "privacy", description = "Told my employer." });
        await Staff(Roles.Agent).PostAsJsonAsync($"{ComplaintsPath(account)}/{complaint.Id}/first-response", new { response = "Sorry." }, Cancel);
        var history = $"/api/v1/disputes/accounts/{account}/history";
        var now = DateTimeOffset.UtcNow;

        var all = await Client().GetFromJsonAsync<List<HistoryEntryResponse>>($"{history}?caseKind=complaint", Cancel);
        var before = await Client().GetFromJsonAsync<List<HistoryEntryResponse>>($"{history}?to={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}", Cancel);
        var reversed = await Client().GetAsync($"{history}?from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}", Cancel);

        Assert.NotNull(all);
        Assert.Equal(["opened", "first-response"], all.Select(h => h.Action));
        Assert.All(all, h => Assert.Equal("complaint", h.CaseKind));
        Assert.Empty(before!);
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
    }

    [Fact]
    public async Task Another_tenant_or_client_gets_404_and_only_staff_see_the_tenant_lists()
    {
        var account = await SeedAsync();
        var complaint = await OpenAsync(Portal(), account, new { category = "other", description = "Mine." });
        var path = $"{ComplaintsPath(account)}/{complaint.Id}";
        (HttpClient Caller, string? Source)[] strangers =
        [
            (service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)), "agent"),
            (service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())), null),
            (service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())), null),
        ];

        foreach (var (stranger, source) in strangers)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(ComplaintsPath(account), Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(ComplaintsPath(account), new { source, category = "other", description = "x" }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"{path}/escalation", new { reason = "x" }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"{path}/resolution", new { rootCause = "x", resolution = "y" }, Cancel)).StatusCode);
        }

        var otherTenantsOverdue = await strangers[0].Caller.GetFromJsonAsync<List<ComplaintResponse>>("/api/v1/disputes/complaints?status=open", Cancel);
        Assert.DoesNotContain(otherTenantsOverdue!, c => c.Id == complaint.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client().GetAsync("/api/v1/disputes/complaints/overdue", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Portal().GetAsync("/api/v1/disputes/complaints?status=open", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"category":"rudeness","description":"x"}""")]
    [InlineData("""{"category":"other"}""")]
    [InlineData("""{"source":"regulator","category":"other","description":"x"}""")]
    [InlineData("""{"category":"other","description":"x","severity":"extreme"}""")]
    [InlineData("""{"category":"other","description":"x","receivedAt":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"category":"other","description":"x","ownerId":"me"}""")]
    [InlineData("""{"source":"agent","category":"other","description":"x"}""")]
    [InlineData("""{"category":5}""")]
    [InlineData("""[]""")]
    public async Task Malformed_complaints_from_the_portal_are_400_problems(string body)
    {
        var account = await SeedAsync();

        var response = await Portal().PostAsync(ComplaintsPath(account), new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Staff_may_not_key_in_a_regulator_complaint_received_in_the_future()
    {
        var account = await SeedAsync();

        var response = await Staff(Roles.Agent).PostAsJsonAsync(ComplaintsPath(account), new
        {
            source = "regulator",
            regulatorReference = "R-1",
            category = "other",
            description = "x",
            receivedAt = DateTimeOffset.UtcNow.AddDays(2),
        }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.Equal(expected.ToUnixTimeMilliseconds(), actual.ToUnixTimeMilliseconds());

    private static string ComplaintsPath(Guid accountId) => $"/api/v1/disputes/accounts/{accountId}/complaints";

    private async Task<Guid> SeedAsync() => (await service.SeedAccountAsync(tenantId, clientId, consumerId, Today)).AccountId;

    private static async Task<ComplaintResponse> OpenAsync(HttpClient caller, Guid accountId, object body)
    {
        var response = await caller.PostAsJsonAsync(ComplaintsPath(accountId), body, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ComplaintResponse>(Cancel))!;
    }

    private HttpClient Portal() => service.ClientFor(TestCallers.Consumer(tenantId, consumerId));

    private HttpClient Client() => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Staff(string role) => service.ClientFor(TestCallers.Staff(tenantId, role));
}
