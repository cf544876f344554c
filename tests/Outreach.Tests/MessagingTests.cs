using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using static Collections.Outreach.Tests.StrategyRunTests;

namespace Collections.Outreach.Tests;

/// <summary>Messages the strategy sends: rendered per language, re-checked before sending, and opt-outs that stop the next one.</summary>
public sealed partial class MessagingTests(StrategyServiceFactory service) : IClassFixture<StrategyServiceFactory>
{
    private static readonly DateTimeOffset DayAtTenInNewYork = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> MessagesAsync(HttpClient client, Guid accountId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{accountId}/messages", Cancel);

    [Fact]
    public async Task An_sms_keyword_opt_out_stops_the_next_sms()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "sms", "Texts", Step(0, "Sms", "payment-reminder"), Step(1, "Sms", "payment-reminder"));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "sms"));
        await service.RunAsync(tenantId, Day);
        await service.DispatchAsync(tenantId, DayAtTenInNewYork);
        await service.RunAsync(tenantId, Day.AddDays(1));

        var stop = await admin.PostAsJsonAsync("/api/v1/outreach/sms/inbound", new { from = account.Mobile, text = " Stop " }, Cancel);
        await service.DispatchAsync(tenantId, DayAtTenInNewYork.AddDays(1));

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.True((await stop.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("optedOut").GetBoolean());
        var messages = await MessagesAsync(admin, account.AccountId);
        var sms = Assert.Single(messages.EnumerateArray());
        Assert.EndsWith("Reply STOP to opt out", sms.GetProperty("body").GetString(), StringComparison.Ordinal);
        var planned = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{account.AccountId}/planned-contacts?businessDate=2026-12-03", Cancel);
        var blocked = Assert.Single(planned.EnumerateArray());
        Assert.Equal("Blocked", blocked.GetProperty("state").GetString());
        Assert.Contains("number-opt-out", blocked.GetProperty("reasons").GetString(), StringComparison.Ordinal);
        var preferences = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/consumers/{account.ConsumerId}/contact-preferences", Cancel);
        Assert.Empty(preferences.GetProperty("optedOutNumbers").EnumerateArray());
    }

    [Fact]
    public async Task The_provider_webhook_needs_the_tenants_secret()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var rotated = await admin.PostAsync("/api/v1/outreach/sms/webhook-secret", null, Cancel);
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString();
        using var provider = service.CreateClient();

        async Task<HttpStatusCode> Send(Guid tenant, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/outreach/tenants/{tenant}/sms/inbound") { Content = JsonContent.Create(new { from = "+12125550199", text = "STOP" }) };
            request.Headers.Add("X-Webhook-Secret", value);
            return (await provider.SendAsync(request, Cancel)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Send(tenantId, secret!));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(tenantId, secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(Guid.NewGuid(), secret!));
    }

    [Fact]
    public async Task Messages_render_in_spanish_for_a_spanish_speaking_consumer()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "es", "Email and letter", Step(0, "Email", "payment-reminder"), Step(0, "Letter", "initial-notice"));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "es", language: "es"));
        await service.RunAsync(tenantId, Day);

        await service.DispatchAsync(tenantId, DayAtTenInNewYork);

        using var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        var messages = (await MessagesAsync(consumer, account.AccountId)).EnumerateArray().ToList();
        var email = messages.Single(m => m.GetProperty("channel").GetString() == "Email");
        var letter = messages.Single(m => m.GetProperty("channel").GetString() == "Letter");
        Assert.Equal("es", email.GetProperty("language").GetString());
        Assert.StartsWith("Un recordatorio sobre su cuenta de Acme <Bank> & Co", email.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var body = email.GetProperty("body").GetString()!;
        Assert.Contains("Hola Ann", body, StringComparison.Ordinal);
        Assert.Contains("Acme &lt;Bank&gt; &amp; Co", body, StringComparison.Ordinal);
        Assert.Contains("1,250.00 USD", body, StringComparison.Ordinal);
        Assert.Contains("/api/v1/outreach/email-opt-outs?token=", body, StringComparison.Ordinal);
        Assert.Contains("Estimado/a Ann Lee", letter.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("@page", letter.GetProperty("body").GetString(), StringComparison.Ordinal);
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts", Cancel);
        Assert.Equal(2, history.EnumerateArray().Count(a => a.GetProperty("outcome").GetString() == "Sent"));
    }

    [Fact]
    public async Task The_email_opt_out_link_stops_the_next_email_and_a_tampered_link_does_nothing()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "mail", "Emails", Step(0, "Email", "payment-reminder"), Step(1, "Email", "payment-reminder"));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "mail"));
        await service.RunAsync(tenantId, Day);
        await service.DispatchAsync(tenantId, DayAtTenInNewYork);
        await service.RunAsync(tenantId, Day.AddDays(1));
        var body = (await MessagesAsync(admin, account.AccountId))[0].GetProperty("body").GetString()!;
        var link = WebUtility.HtmlDecode(OptOutLink().Match(body).Groups[1].Value);
        var path = new Uri(link).PathAndQuery;
        using var anonymous = service.CreateClient();

        var tampered = await anonymous.GetAsync(path[..^2] + (path[^2] == 'A' ? "B" : "A") + path[^1], Cancel);
        var optOut = await anonymous.GetAsync(path, Cancel);
        await service.DispatchAsync(tenantId, DayAtTenInNewYork.AddDays(1));

        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, optOut.StatusCode);
        Assert.Single((await MessagesAsync(admin, account.AccountId)).EnumerateArray());
        var preferences = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/consumers/{account.ConsumerId}/contact-preferences", Cancel);
        Assert.Equal(account.Email, preferences.GetProperty("optedOutEmailAddresses")[0].GetString());
    }

    [Fact]
    public async Task A_consumer_sees_only_their_own_messages()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        await CreateStrategyAsync(admin, "own", "Letters", Step(0, "Letter", "initial-notice"));
        var mine = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "own"));
        var theirs = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "own"));
        await service.RunAsync(tenantId, Day);
        await service.DispatchAsync(tenantId, DayAtTenInNewYork);
        using var consumer = service.ClientFor(TestCallers.Consumer(tenantId, mine.ConsumerId));
        using var stranger = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin));

        Assert.Single((await MessagesAsync(consumer, mine.AccountId)).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await consumer.GetAsync($"/api/v1/outreach/accounts/{theirs.AccountId}/messages", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/outreach/accounts/{mine.AccountId}/messages", Cancel)).StatusCode);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex OptOutLink();
}
