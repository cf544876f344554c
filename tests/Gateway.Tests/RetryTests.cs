using System.Net;
using System.Net.Http.Json;

namespace Collections.Gateway.Tests;

public sealed class RetryTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_GET_whose_first_connection_breaks_is_retried_and_answered()
    {
        var caller = await CallerAsync();
        var path = NewPath();
        gateway.Accounts.FailNext(path, 1, EchoFailure.DropConnection);

        var response = await caller.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, gateway.Accounts.CountReceived(path));
    }

    [Fact]
    public async Task A_GET_answered_503_then_502_is_retried_until_the_service_answers()
    {
        var caller = await CallerAsync();
        var path = NewPath();
        gateway.Accounts.FailNext(path, 1, EchoFailure.ServiceUnavailable);

        var first = await caller.GetAsync(path, Cancel);
        gateway.Accounts.FailNext(path, 2, EchoFailure.BadGateway);
        var second = await caller.GetAsync(path, Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(5, gateway.Accounts.CountReceived(path));
    }

    [Fact]
    public async Task A_HEAD_is_retried_like_a_GET()
    {
        var caller = await CallerAsync();
        var path = NewPath();
        gateway.Accounts.FailNext(path, 1, EchoFailure.DropConnection);

        var response = await caller.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, gateway.Accounts.CountReceived(path));
    }

    [Fact]
    public async Task A_GET_the_service_keeps_refusing_gets_its_answer_after_three_tries()
    {
        var caller = await CallerAsync();
        var path = NewPath();
        gateway.Accounts.FailNext(path, 10, EchoFailure.ServiceUnavailable);

        var response = await caller.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, gateway.Accounts.CountReceived(path));
    }

    [Fact]
    public async Task A_POST_whose_connection_breaks_is_sent_once_and_answered_502()
    {
        var caller = await CallerAsync();
        var path = NewPath();
        gateway.Accounts.FailNext(path, 1, EchoFailure.DropConnection);

        var response = await caller.PostAsJsonAsync(path, new { amount = 10 }, Cancel);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, gateway.Accounts.CountReceived(path));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task A_change_answered_503_is_not_retried(string method)
    {
        var caller = await CallerAsync();
        var path = NewPath();
        gateway.Accounts.FailNext(path, 1, EchoFailure.ServiceUnavailable);

        var response = await caller.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) }, Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, gateway.Accounts.CountReceived(path));
    }

    private async Task<HttpClient> CallerAsync() => (await gateway.OnboardTenantAsync()).Client;

    private static string NewPath() => $"/api/v1/accounts/accounts/{Guid.NewGuid()}";
}
