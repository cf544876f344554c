using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Apis;
using Collections.Disputes.Infrastructure;
using Collections.IntegrationTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Collections.Disputes.Tests;

public sealed class DisputesApiTests(DisputesServiceFactory service) : IClassFixture<DisputesServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();
    private readonly Guid consumerId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_dispute_inside_the_validation_period_queues_exactly_one_DisputeOpened_that_holds_collection()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);

        var response = await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "not-mine", channel = "portal" }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dispute = (await response.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!;
        Assert.True(dispute.WithinValidationPeriod);
        var opened = await QueuedAsync<DisputeOpened>();
        var only = Assert.Single(opened);
        Assert.Equal(dispute.Id, only.DisputeId);
        Assert.True(only.HoldsCollection);
        Assert.True(only.WithinValidationPeriod);
        Assert.Equal(clientId, only.ClientId);
    }

    [Fact]
    public async Task A_dispute_after_the_validation_period_follows_the_tenant_policy()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today.AddDays(-60));

        var response = await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "wrong-amount", channel = "portal" }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = Assert.Single(await QueuedAsync<DisputeOpened>());
        Assert.False(opened.WithinValidationPeriod);
        Assert.False(opened.HoldsCollection); // the factory sets Disputes:HoldAfterValidationPeriod=false
    }

    [Fact]
    public async Task A_duplicate_open_dispute_for_the_same_reason_is_linked_to_the_first()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var first = await (await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "paid-already", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);

        var again = await Staff(Roles.Agent).PostAsJsonAsync(
            DisputesPath(account.AccountId), new { reason = "paid-already", channel = "mail", details = "letter received" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first!.Id, (await again.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!.Id);
        Assert.Single(await QueuedAsync<DisputeOpened>());
        var detail = await Portal().GetFromJsonAsync<DisputeDetailResponse>($"{DisputesPath(account.AccountId)}/{first.Id}", Cancel);
        Assert.Equal(["opened", "duplicate-linked"], detail!.History.Select(h => h.Action));
    }

    [Fact]
    public async Task Sending_verification_queues_DisputeResolved_as_verified()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var dispute = await (await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "other", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);

        var response = await Staff(Roles.Agent).PostAsync($"{DisputesPath(account.AccountId)}/{dispute!.Id}/verification", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("VerificationSent", (await response.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!.Status);
        var resolved = Assert.Single(await QueuedAsync<DisputeResolved>());
        Assert.Equal("verified", resolved.Outcome);
        Assert.Equal(dispute.Id, resolved.DisputeId);
    }

    [Fact]
    public async Task An_agent_may_not_close_a_dispute_but_a_supervisor_may()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var dispute = await (await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "identity-theft", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);
        var close = $"{DisputesPath(account.AccountId)}/{dispute!.Id}/close";

        var byAgent = await Staff(Roles.Agent).PostAsJsonAsync(close, new { outcome = "account-closed" }, Cancel);
        var bySupervisor = await Staff(Roles.Supervisor).PostAsJsonAsync(close, new { outcome = "account-closed", note = "identity theft confirmed" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
        Assert.Equal("identity theft confirmed", Assert.Single(await QueuedAsync<AccountClosedAfterDispute>()).Reason);
    }

    [Fact]
    public async Task Reversing_a_cease_request_is_refused_to_an_agent_and_allowed_to_a_compliance_officer()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var recorded = await Portal().PostAsJsonAsync(RequestsPath(account.AccountId), new { kind = "cease-communication", evidenceNote = "letter" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var request = await recorded.Content.ReadFromJsonAsync<ConsumerRequestResponse>(Cancel);
        var reversal = $"{RequestsPath(account.AccountId)}/{request!.Id}/reversal";

        var byAgent = await Staff(Roles.Agent).PostAsJsonAsync(reversal, new { reason = "consumer called back" }, Cancel);
        var bySupervisor = await Staff(Roles.Supervisor).PostAsJsonAsync(reversal, new { reason = "consumer called back" }, Cancel);
        var byCompliance = await Staff(Roles.ComplianceOfficer).PostAsJsonAsync(reversal, new { reason = "consumer withdrew in writing" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal("application/problem+json", byAgent.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, bySupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCompliance.StatusCode);
        Assert.Single(await QueuedAsync<ConsumerRequestRecorded>());
        var reversed = Assert.Single(await QueuedAsync<ConsumerRequestReversed>());
        Assert.Equal("cease-communication", reversed.Kind);
        Assert.Equal("consumer withdrew in writing", reversed.Reason);
    }

    [Fact]
    public async Task A_supervisor_may_reverse_a_bankruptcy_notice()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var recorded = await Staff(Roles.Agent).PostAsJsonAsync(
            RequestsPath(account.AccountId),
            new { kind = "bankruptcy", bankruptcyCaseNumber = "24-10001", bankruptcyChapter = 7, bankruptcyFiledOn = "2026-01-15" },
            Cancel);
        var request = await recorded.Content.ReadFromJsonAsync<ConsumerRequestResponse>(Cancel);

        var response = await Staff(Roles.Supervisor).PostAsJsonAsync($"{RequestsPath(account.AccountId)}/{request!.Id}/reversal", new { reason = "case dismissed" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Another_tenant_client_or_consumer_gets_404_everywhere()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var dispute = await (await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "not-mine", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);
        (HttpClient Caller, string Channel)[] strangers =
        [
            (service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin, Roles.ComplianceOfficer)), "agent"),
            (service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())), "client"),
            (service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())), "portal"),
        ];

        foreach (var (stranger, channel) in strangers)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/disputes/accounts/{account.AccountId}/validation-notice", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(DisputesPath(account.AccountId), Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{DisputesPath(account.AccountId)}/{dispute!.Id}", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "other", channel }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{DisputesPath(account.AccountId)}/{dispute.Id}/verification", null, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(RequestsPath(account.AccountId), new { kind = "deceased", dateOfDeath = "2026-01-01" }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/disputes/accounts/{account.AccountId}/history", Cancel)).StatusCode);
        }

        Assert.Single(await QueuedAsync<DisputeOpened>());
    }

    [Theory]
    [InlineData("/disputes", """{"reason":"because","channel":"portal"}""")]
    [InlineData("/disputes", """{"reason":"not-mine","channel":"agent"}""")]
    [InlineData("/disputes", """{"reason":"not-mine","channel":"portal","details":5}""")]
    [InlineData("/disputes", """{"reason":""")]
    [InlineData("/disputes", "[]")]
    [InlineData("/requests", """{"kind":"bankruptcy","bankruptcyCaseNumber":"1","bankruptcyChapter":9,"bankruptcyFiledOn":"2026-01-01"}""")]
    [InlineData("/requests", """{"kind":"attorney-representation"}""")]
    [InlineData("/requests", """{"kind":"deceased","dateOfDeath":"yesterday"}""")]
    [InlineData("/requests", """{"kind":"deceased","dateOfDeath":"2999-01-01"}""")]
    [InlineData("/requests", """{"kind":"opt-out"}""")]
    public async Task Malformed_input_is_a_4xx_problem(string path, string body)
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);

        var response = await Portal().PostAsync(
            $"/api/v1/disputes/accounts/{account.AccountId}{path}", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_reversal_without_a_reason_is_a_400_problem()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        var request = await (await Portal().PostAsJsonAsync(RequestsPath(account.AccountId), new { kind = "cease-communication" }, Cancel))
            .Content.ReadFromJsonAsync<ConsumerRequestResponse>(Cancel);

        var response = await Staff(Roles.ComplianceOfficer).PostAsJsonAsync($"{RequestsPath(account.AccountId)}/{request!.Id}/reversal", new { reason = " " }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_validation_notice_shows_the_computed_period_and_its_html_is_encoded()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, new DateOnly(2026, 6, 30));
        var path = $"/api/v1/disputes/accounts/{account.AccountId}/validation-notice";

        var notice = await Portal().GetFromJsonAsync<ValidationNoticeResponse>(path, Cancel);
        var html = await service.ClientFor(TestCallers.Client(tenantId, clientId)).GetAsync($"{path}?format=html", Cancel);

        Assert.Equal(new DateOnly(2026, 7, 8), notice!.AssumedReceiptOn);
        Assert.Equal(new DateOnly(2026, 8, 7), notice.ValidationPeriodEndsOn);
        Assert.Equal(512.40m, notice.CurrentAmount);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var letter = await html.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("First Bank &lt;&amp; Co&gt;", letter);
        Assert.DoesNotContain("<& Co>", letter);
        Assert.Contains("August 7, 2026", letter);
    }

    [Fact]
    public async Task The_case_history_cannot_be_changed_in_the_database()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, Today);
        await Portal().PostAsJsonAsync(DisputesPath(account.AccountId), new { reason = "not-mine", channel = "portal" }, Cancel);
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE case_history SET \"Note\" = 'edited' WHERE \"AccountId\" = {account.AccountId}", Cancel));
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"DELETE FROM case_history WHERE \"AccountId\" = {account.AccountId}", Cancel));

        Assert.Contains("append-only", update.MessageText);
        Assert.Contains("append-only", delete.MessageText);
    }

    private static string DisputesPath(Guid accountId) => $"/api/v1/disputes/accounts/{accountId}/disputes";

    private static string RequestsPath(Guid accountId) => $"/api/v1/disputes/accounts/{accountId}/requests";

    private HttpClient Portal() => service.ClientFor(TestCallers.Consumer(tenantId, consumerId));

    private HttpClient Staff(string role) => service.ClientFor(TestCallers.Staff(tenantId, role));

    private async Task<List<T>> QueuedAsync<T>()
        where T : IntegrationEvent
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        var bodies = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType == typeof(T).FullName)
            .Select(m => m.Body)
            .ToListAsync(Cancel);
        return [.. bodies.Select(b => JsonSerializer.Deserialize<T>(b, JsonSerializerOptions.Web)!)];
    }
}
