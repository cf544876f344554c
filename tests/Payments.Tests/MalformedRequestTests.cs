using System.Net;
using System.Text;
using Collections.IntegrationTesting;

namespace Collections.Payments.Tests;

public sealed class MalformedRequestTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_json_body_in_an_unknown_charset_is_a_415_problem_not_a_500()
    {
        var account = await service.SeedAccountAsync(Guid.NewGuid(), 100m);
        var consumer = service.ClientFor(TestCallers.Consumer(account.TenantId, account.ConsumerId));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"cardNumber\":\"4242424242424242\"}"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=ebcdic-xx");

        var response = await consumer.PostAsync("/api/v1/payments/sandbox/tokens", content, Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
