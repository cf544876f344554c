using System.Net;
using System.Net.Http.Json;

namespace Collections.Gateway.Tests;

/// <summary>
/// The SMS provider's webhook and the email opt-out link reach Outreach without a platform credential (Outreach checks
/// the tenant's shared secret or the link's signature); every other outreach path still needs a caller.
/// </summary>
public sealed class SelfAuthenticatedRouteTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sms_webhook_and_the_email_opt_out_link_pass_the_gateway_without_credentials()
    {
        using var anonymous = gateway.Anonymous();
        var tenantId = Guid.NewGuid();
        var sms = $"/api/v1/outreach/tenants/{tenantId}/sms/inbound";
        var optOut = "/api/v1/outreach/email-opt-outs?token=abc";

        using var webhook = new HttpRequestMessage(HttpMethod.Post, sms) { Content = JsonContent.Create(new { from = "+12125550100", body = "STOP" }) };
        webhook.Headers.Add("X-Webhook-Secret", "the-tenants-secret");
        var inbound = await anonymous.SendAsync(webhook, Cancel);
        var link = await anonymous.GetAsync(optOut, Cancel);
        var confirm = await anonymous.PostAsync(optOut, content: null, Cancel);

        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var forwarded = (await inbound.Content.ReadFromJsonAsync<EchoedRequest>(Cancel))!;
        Assert.Equal(sms, forwarded.Path);
        Assert.Equal("the-tenants-secret", forwarded.Headers["x-webhook-secret"]);
        Assert.DoesNotContain("authorization", forwarded.Headers.Keys);
        Assert.True(gateway.Accounts.HasReceived("/api/v1/outreach/email-opt-outs"));
    }

    [Fact]
    public async Task Neighbouring_outreach_paths_still_need_a_caller()
    {
        using var anonymous = gateway.Anonymous();

        var internalInbound = await anonymous.PostAsJsonAsync("/api/v1/outreach/sms/inbound", new { from = "+12125550100", body = "STOP" }, Cancel);
        var secret = await anonymous.PostAsync("/api/v1/outreach/sms/webhook-secret", content: null, Cancel);
        var deleteOptOut = await anonymous.DeleteAsync("/api/v1/outreach/email-opt-outs", Cancel);
        var strategies = await anonymous.GetAsync("/api/v1/outreach/strategies", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, internalInbound.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, secret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteOptOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, strategies.StatusCode);
        Assert.False(gateway.Accounts.HasReceived("/api/v1/outreach/sms/inbound"));
        Assert.False(gateway.Accounts.HasReceived("/api/v1/outreach/strategies"));
    }
}
