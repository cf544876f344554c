using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;

namespace Collections.Outreach.Tests;

/// <summary>Every contact passes the compliance engine: what it blocks is refused, with the reasons.</summary>
public sealed class ContactGateTests(OutreachServiceFactory service) : IClassFixture<OutreachServiceFactory>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>An instant at <paramref name="hour"/>:00 New York time, <paramref name="daysAgo"/> days ago.</summary>
    private static DateTimeOffset NewYorkTime(int daysAgo, int hour)
    {
        var day = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).Date.AddDays(-daysAgo).AddHours(hour);
        return new DateTimeOffset(day, NewYork.GetUtcOffset(day));
    }

    [Fact]
    public async Task The_eighth_call_within_seven_days_is_refused_with_the_reg_f_reason()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "NY");
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

        for (var hour = 10; hour < 17; hour++)
        {
            var allowed = await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(2, hour));
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }

        var eighth = await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(2, 18));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, eighth.StatusCode);
        var problem = await eighth.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains(problem.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "reg-f-7-in-7");
        Assert.True(problem.TryGetProperty("earliestAllowedAt", out _));
        var history = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts", Cancel);
        Assert.Equal(7, history.GetArrayLength());
    }

    [Fact]
    public async Task Unconnected_calls_do_not_count_toward_the_seven()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "NY");
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

        for (var hour = 9; hour < 20; hour++)
        {
            await Expect(await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(3, hour), outcome: "NotConnected"), HttpStatusCode.Created);
        }

        await Expect(await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(3, 20)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_call_at_ten_past_nine_in_the_evening_local_time_is_refused()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "NY");
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

        var late = await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(1, 21).AddMinutes(10));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("inconvenient-time", await late.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Massachusetts_allows_two_calls_in_seven_days_from_its_rule_table()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "MA");
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

        await Expect(await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(4, 10)), HttpStatusCode.Created);
        await Expect(await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(3, 10)), HttpStatusCode.Created);
        var third = await OutreachServiceFactory.RecordCallAsync(agent, account.AccountId, NewYorkTime(2, 10));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, third.StatusCode);
        Assert.Contains("state-call-cap", await third.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dispute_hold_from_accounts_blocks_the_next_call_and_its_release_allows_it()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "NY");
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var at = NewYorkTime(0, 12);
        var decisionUrl = $"/api/v1/outreach/accounts/{account.AccountId}/contact-decision?channel=Call&phoneNumber=%2B12125550100&phoneType=Landline&at={Uri.EscapeDataString(at.ToString("O"))}";

        await service.PublishAsync(new AccountHoldChanged
        {
            TenantId = tenantId, OccurredAt = DateTimeOffset.UtcNow, AccountId = account.AccountId, ClientId = account.ClientId,
            Hold = "dispute", Placed = true, Holds = ["dispute"],
        });
        var blocked = await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(decisionUrl, Cancel),
            d => !d.GetProperty("allowed").GetBoolean(),
            TimeSpan.FromSeconds(30),
            "the dispute hold to block calls");
        Assert.Contains(blocked.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "dispute-hold");

        await service.PublishAsync(new AccountHoldChanged
        {
            TenantId = tenantId, OccurredAt = DateTimeOffset.UtcNow, AccountId = account.AccountId, ClientId = account.ClientId,
            Hold = "dispute", Placed = false, Holds = [],
        });
        await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(decisionUrl, Cancel),
            d => d.GetProperty("allowed").GetBoolean(),
            TimeSpan.FromSeconds(30),
            "the released hold to allow calls");
    }

    [Fact]
    public async Task Under_a_cease_hold_a_collection_letter_is_blocked_and_the_letter_confirming_the_end_of_efforts_is_allowed()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "NY");
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var at = NewYorkTime(1, 12);
        var decisionUrl = $"/api/v1/outreach/accounts/{account.AccountId}/contact-decision?channel=Letter&at={Uri.EscapeDataString(at.ToString("O"))}";
        await service.PublishAsync(new AccountHoldChanged
        {
            TenantId = tenantId, OccurredAt = DateTimeOffset.UtcNow, AccountId = account.AccountId, ClientId = account.ClientId,
            Hold = "cease-communication", Placed = true, Holds = ["cease-communication"],
        });

        var collection = await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(decisionUrl, Cancel),
            d => !d.GetProperty("allowed").GetBoolean(),
            TimeSpan.FromSeconds(30),
            "the cease hold to block collection letters");
        var finalNotice = await agent.GetFromJsonAsync<JsonElement>(decisionUrl + "&purpose=ConfirmEndOfEfforts", Cancel);
        var refused = await agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts", new { channel = "Letter", outcome = "Sent", at }, Cancel);
        var sent = await agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts", new { channel = "Letter", outcome = "Sent", at, purpose = "ConfirmEndOfEfforts" }, Cancel);
        var badPurpose = await agent.GetAsync(decisionUrl + "&purpose=Marketing", Cancel);

        Assert.Contains(collection.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "cease-communication");
        Assert.True(finalNotice.GetProperty("allowed").GetBoolean());
        await Expect(refused, HttpStatusCode.UnprocessableEntity);
        await Expect(sent, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.BadRequest, badPurpose.StatusCode);
    }

    [Fact]
    public async Task A_consumer_opting_out_of_sms_stops_the_next_sms_and_cannot_touch_another_consumers_preferences()
    {
        var tenantId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, "NY");
        using var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        using var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var preferences = new
        {
            optedOutMedia = new[] { "Sms" },
            tcpaConsents = new[] { new { number = "+12125550199", givenAt = DateTimeOffset.UtcNow.AddDays(-60) } },
            employerProhibitsCalls = false,
        };

        await Expect(await consumer.PutAsJsonAsync($"/api/v1/outreach/consumers/{account.ConsumerId}/contact-preferences", preferences, Cancel), HttpStatusCode.OK);
        var sms = await agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts",
            new { channel = "Sms", phoneNumber = "+12125550199", phoneType = "Mobile", outcome = "NoAnswer", at = NewYorkTime(1, 12) },
            Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, sms.StatusCode);
        Assert.Contains("medium-opt-out", await sms.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        await Expect(await consumer.PutAsJsonAsync($"/api/v1/outreach/consumers/{Guid.NewGuid()}/contact-preferences", preferences, Cancel), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenant_finds_nothing_and_consumers_cannot_record_attempts()
    {
        var account = await service.SeedAccountAsync(Guid.NewGuid(), "NY");
        using var stranger = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Supervisor));
        using var consumer = service.ClientFor(TestCallers.Consumer(account.TenantId, account.ConsumerId));

        await Expect(await OutreachServiceFactory.RecordCallAsync(stranger, account.AccountId, NewYorkTime(1, 12)), HttpStatusCode.NotFound);
        await Expect(await stranger.GetAsync($"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts", Cancel), HttpStatusCode.NotFound);
        await Expect(await OutreachServiceFactory.RecordCallAsync(consumer, account.AccountId, NewYorkTime(1, 12)), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("{\"channel\":\"Call\",\"phoneNumber\":\"212-555-0100\",\"phoneType\":\"Landline\",\"outcome\":\"NoAnswer\"}")]
    [InlineData("{\"channel\":\"Call\",\"phoneNumber\":\"+12125550100\",\"outcome\":\"NoAnswer\"}")]
    [InlineData("{\"channel\":\"Pigeon\",\"outcome\":\"NoAnswer\"}")]
    [InlineData("{\"channel\":\"Email\",\"emailAddress\":\"not-an-address\",\"outcome\":\"NoAnswer\"}")]
    [InlineData("{\"channel\":\"Call\",\"phoneNumber\":\"+12125550100\",\"phoneType\":\"Landline\",\"outcome\":\"NoAnswer\",\"at\":\"2001-01-01T00:00:00Z\"}")]
    [InlineData("{\"channel\":\"Letter\",\"outcome\":\"Sent\",\"purpose\":\"Marketing\"}")]
    [InlineData("{\"channel\":\"Letter\",\"outcome\":\"Sent\",\"purpose\":7}")]
    [InlineData("[1,2,3]")]
    public async Task Malformed_attempts_get_a_400_problem(string body)
    {
        var account = await service.SeedAccountAsync(Guid.NewGuid(), "NY");
        using var agent = service.ClientFor(TestCallers.Staff(account.TenantId, Roles.Agent));

        var response = await agent.PostAsync(
            $"/api/v1/outreach/accounts/{account.AccountId}/contact-attempts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        }
    }
}
