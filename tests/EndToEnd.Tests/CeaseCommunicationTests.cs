using System.Net.Http.Json;
using System.Text.Json;
using Collections.IntegrationTesting;

namespace Collections.EndToEnd.Tests;

/// <summary>
/// A cease-communication request travels across services: recorded in the portal (Disputes), it holds the
/// account (Accounts) and Outreach's compliance engine refuses collection calls.
/// </summary>
public sealed class CeaseCommunicationTests(PlatformApp platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cease_request_from_the_portal_holds_the_account_and_outreach_refuses_a_call()
    {
        var tenant = await TestTenant.OnboardAsync(platform);
        using var client = tenant.WithKey(tenant.Clients[0]);
        var reference = $"CEASE-{Guid.NewGuid():N}"[..18];
        var placed = await client.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Cy", lastName = "Quiet", dateOfBirth = "1975-03-03", postalCode = "10001" },
            jurisdiction = "NY",
            currency = "USD",
            principal = 800m,
            interest = 0m,
            fees = 0m,
        }, Cancel);
        await Expect.Status(placed, 201);
        var accountId = (await placed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();
        using var agent = await tenant.StaffAsync("agent");
        var decision = $"/api/v1/outreach/accounts/{accountId}/contact-decision?channel=Call&phoneNumber=%2B12125550111&phoneType=Landline&at={Uri.EscapeDataString(NoonInNewYork(1).ToString("O"))}";
        await Eventually.Until(() => agent.GetAsync(decision, Cancel), r => r.IsSuccessStatusCode, Deadline, "outreach's copy of the account");
        await Eventually.Until(() => client.GetAsync($"/api/v1/disputes/accounts/{accountId}", Cancel), r => r.IsSuccessStatusCode, Deadline, "disputes' copy of the account");
        Assert.True((await agent.GetFromJsonAsync<JsonElement>(decision, Cancel)).GetProperty("allowed").GetBoolean());

        using var anonymous = platform.Gateway();
        var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", new { tenant = tenant.Slug, accountReference = reference, dateOfBirth = "1975-03-03", postalCode = "10001" }, Cancel);
        await Expect.Status(signIn, 200);
        var consumerToken = (await signIn.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString()!;
        platform.RememberSecret("consumer token", consumerToken);
        using var consumer = tenant.WithToken(consumerToken);
        var recorded = await consumer.PostAsJsonAsync(
            $"/api/v1/disputes/accounts/{accountId}/requests", new { kind = "cease-communication", evidenceNote = "Please stop contacting me." }, Cancel);
        await Expect.Status(recorded, 201);

        await Eventually.Until(
            () => client.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/accounts/{accountId}", Cancel),
            a => a.GetProperty("holds").EnumerateArray().Any(h => h.GetString() == "cease-communication"),
            Deadline,
            "the cease-communication hold in Accounts");
        var blocked = await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(decision, Cancel),
            d => !d.GetProperty("allowed").GetBoolean(),
            Deadline,
            "outreach to refuse calls");
        Assert.Contains(blocked.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "cease-communication");

        // A call already made is refused too: it must not have happened.
        var attempt = await agent.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{accountId}/contact-attempts",
            new { channel = "Call", phoneNumber = "+12125550111", phoneType = "Landline", outcome = "NoAnswer", at = NoonInNewYork(-1) },
            Cancel);
        await Expect.Status(attempt, 422);
        Assert.Contains("cease-communication", await attempt.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var history = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/disputes/accounts/{accountId}/history?caseKind=consumer-request", Cancel);
        Assert.Equal("recorded", Assert.Single(history.EnumerateArray()).GetProperty("action").GetString());
    }

    private static DateTimeOffset NoonInNewYork(int daysFromToday)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var noon = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date.AddDays(daysFromToday).AddHours(12);
        return new DateTimeOffset(noon, zone.GetUtcOffset(noon));
    }
}
