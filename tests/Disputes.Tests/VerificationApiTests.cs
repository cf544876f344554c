using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Apis;
using Collections.IntegrationTesting;

namespace Collections.Disputes.Tests;

public sealed class VerificationApiTests(DisputesServiceFactory service) : IClassFixture<DisputesServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();
    private readonly Guid consumerId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requesting_documents_queues_VerificationDocumentsRequested_with_the_respond_by_instant()
    {
        var path = await DisputePathAsync();
        var respondBy = DateTimeOffset.UtcNow.AddDays(10);

        var response = await Staff(Roles.Agent).PostAsJsonAsync($"{path}/document-request", new { respondBy, note = "statement and contract" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dispute = (await response.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!;
        Assert.Equal("documents-requested", dispute.VerificationStage);
        var requested = Assert.Single(await service.QueuedAsync<VerificationDocumentsRequested>(tenantId));
        Assert.Equal(dispute.Id, requested.DisputeId);
        Assert.Equal(clientId, requested.ClientId);
        Assert.Equal("wrong-amount", requested.Reason);
        Assert.Equal(respondBy.ToUnixTimeMilliseconds(), requested.RespondBy.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Without_a_respond_by_instant_the_client_gets_the_configured_15_days_and_a_second_request_is_a_409()
    {
        var path = await DisputePathAsync();
        var before = DateTimeOffset.UtcNow;

        var first = await Staff(Roles.Agent).PostAsJsonAsync($"{path}/document-request", new { }, Cancel);
        var second = await Staff(Roles.Agent).PostAsJsonAsync($"{path}/document-request", new { }, Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var requested = Assert.Single(await service.QueuedAsync<VerificationDocumentsRequested>(tenantId));
        Assert.InRange(requested.RespondBy, before.AddDays(15), DateTimeOffset.UtcNow.AddDays(15));
    }

    [Theory]
    [InlineData("""{"respondBy":"2001-01-01T00:00:00Z"}""")]
    [InlineData("""{"respondBy":"not a date"}""")]
    public async Task A_respond_by_instant_in_the_past_or_malformed_is_a_400_problem(string body)
    {
        var path = await DisputePathAsync();

        var response = await Staff(Roles.Agent).PostAsync($"{path}/document-request", new StringContent(body, MediaTypeHeaderValue.Parse("application/json")), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_client_provides_documents_by_attaching_them_then_staff_send_verification()
    {
        var path = await DisputePathAsync();
        await Staff(Roles.Agent).PostAsJsonAsync($"{path}/document-request", new { }, Cancel);

        var withoutDocuments = await Client().PostAsJsonAsync($"{path}/client-response", new { response = "documents-provided" }, Cancel);
        var upload = new ByteArrayContent("%PDF-1.4 statement"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } };
        Assert.Equal(HttpStatusCode.Created, (await Client().PostAsync($"{path}/attachments?fileName=statement.pdf", upload, Cancel)).StatusCode);
        var withDocuments = await Client().PostAsJsonAsync($"{path}/client-response", new { response = "documents-provided", note = "itemized statement attached" }, Cancel);
        var verified = await Staff(Roles.Agent).PostAsync($"{path}/verification", null, Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutDocuments.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withDocuments.StatusCode);
        Assert.Equal("documents-provided", (await withDocuments.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!.VerificationStage);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("verified", Assert.Single(await service.QueuedAsync<DisputeResolved>(tenantId)).Outcome);
        var detail = await Staff(Roles.Agent).GetFromJsonAsync<DisputeDetailResponse>(path, Cancel);
        Assert.Equal(["opened", "documents-requested", "attachment-added", "client-responded", "verification-sent"], detail!.History.Select(h => h.Action));
    }

    [Fact]
    public async Task When_the_client_cannot_verify_verification_is_refused_and_the_account_is_closed_instead()
    {
        var path = await DisputePathAsync();
        await Staff(Roles.Agent).PostAsJsonAsync($"{path}/document-request", new { }, Cancel);

        var answer = await Client().PostAsJsonAsync($"{path}/client-response", new { response = "cannot-verify", note = "records lost" }, Cancel);
        var verification = await Staff(Roles.Agent).PostAsync($"{path}/verification", null, Cancel);
        var close = await Staff(Roles.Supervisor).PostAsJsonAsync($"{path}/close", new { outcome = "account-closed", note = "client cannot verify" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, verification.StatusCode);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Empty(await service.QueuedAsync<DisputeResolved>(tenantId));
        Assert.Single(await service.QueuedAsync<AccountClosedAfterDispute>(tenantId));
    }

    [Fact]
    public async Task Only_the_accounts_client_answers_and_only_after_a_request()
    {
        var path = await DisputePathAsync();

        var beforeRequest = await Client().PostAsJsonAsync($"{path}/client-response", new { response = "cannot-verify" }, Cancel);
        await Staff(Roles.Agent).PostAsJsonAsync($"{path}/document-request", new { }, Cancel);
        var byStaff = await Staff(Roles.Admin).PostAsJsonAsync($"{path}/client-response", new { response = "cannot-verify" }, Cancel);
        var byConsumer = await Portal().PostAsJsonAsync($"{path}/client-response", new { response = "cannot-verify" }, Cancel);
        var byOtherClient = await service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())).PostAsJsonAsync($"{path}/client-response", new { response = "cannot-verify" }, Cancel);
        var byClientRequesting = await Client().PostAsJsonAsync($"{path}/document-request", new { }, Cancel);
        var malformed = await Client().PostAsJsonAsync($"{path}/client-response", new { response = "maybe" }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, beforeRequest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byConsumer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherClient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byClientRequesting.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private async Task<string> DisputePathAsync()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, DateOnly.FromDateTime(DateTime.UtcNow));
        var dispute = await (await Portal().PostAsJsonAsync($"/api/v1/disputes/accounts/{account.AccountId}/disputes", new { reason = "wrong-amount", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);
        return $"/api/v1/disputes/accounts/{account.AccountId}/disputes/{dispute!.Id}";
    }

    private HttpClient Portal() => service.ClientFor(TestCallers.Consumer(tenantId, consumerId));

    private HttpClient Client() => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Staff(string role) => service.ClientFor(TestCallers.Staff(tenantId, role));
}
