using System.Text.Json;

namespace Collections.Payments.Tests;

public sealed class PlanAndSettlementOpenApiTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    [Theory]
    [InlineData("/api/v1/payments/accounts/{accountId}/plans", "post", "201", "400", "404", "409", "422")]
    [InlineData("/api/v1/payments/plans/{planId}/renegotiation", "post", "201", "400", "404", "409", "422")]
    [InlineData("/api/v1/payments/plans/{planId}", "get", "200", "404")]
    [InlineData("/api/v1/payments/accounts/{accountId}/plans", "get", "200", "404")]
    [InlineData("/api/v1/payments/plan-rules", "put", "200", "400", "403")]
    [InlineData("/api/v1/payments/accounts/{accountId}/settlements", "post", "201", "400", "403", "404", "409", "422")]
    [InlineData("/api/v1/payments/settlements/approvals", "get", "200", "403")]
    [InlineData("/api/v1/payments/settlements/{settlementId}/approval", "post", "200", "400", "403", "404", "409")]
    [InlineData("/api/v1/payments/settlements/{settlementId}/rejection", "post", "200", "400", "403", "404", "409")]
    public async Task Every_plan_and_settlement_operation_documents_its_problem_responses(string path, string method, params string[] statuses)
    {
        var document = JsonDocument.Parse(await service.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var responses = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.All(statuses, status => Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} does not document {status}"));
    }
}
