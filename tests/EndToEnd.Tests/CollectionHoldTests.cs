using System.Net.Http.Json;
using System.Text.Json;
using Collections.IntegrationTesting;

namespace Collections.EndToEnd.Tests;

/// <summary>
/// A dispute travels across services: opened by the consumer in the portal (Disputes), it holds the
/// account (Accounts) and blocks the next call (Outreach's compliance engine); verification releases it.
/// </summary>
public sealed class CollectionHoldTests(PlatformApp platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dispute_from_the_portal_holds_the_account_and_blocks_calls_until_verification_is_sent()
    {
        var tenant = await TestTenant.OnboardAsync(platform);
        using var client = tenant.WithKey(tenant.Clients[0]);
        var reference = $"HOLD-{Guid.NewGuid():N}"[..18];
        var placed = await client.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Dee", lastName = "Hold", dateOfBirth = "1970-05-05", postalCode = "10001" },
            jurisdiction = "NY",
            currency = "USD",
            principal = 500m,
            interest = 0m,
            fees = 0m,
        }, Cancel);
        await Expect.Status(placed, 201);
        var accountId = (await placed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();
        using var agent = await tenant.StaffAsync("agent");
        var noon = NoonInNewYorkTomorrow();
        var decision = $"/api/v1/outreach/accounts/{accountId}/contact-decision?channel=Call&phoneNumber=%2B12125550100&phoneType=Landline&at={Uri.EscapeDataString(noon.ToString("O"))}";
        await Eventually.Until(() => agent.GetAsync(decision, Cancel), r => r.IsSuccessStatusCode, Deadline, "outreach's copy of the account");
        await Eventually.Until(() => client.GetAsync($"/api/v1/disputes/accounts/{accountId}/validation-notice", Cancel), r => r.IsSuccessStatusCode, Deadline, "the validation notice");
        Assert.True((await agent.GetFromJsonAsync<JsonElement>(decision, Cancel)).GetProperty("allowed").GetBoolean());

        using var anonymous = platform.Gateway();
        var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", new { tenant = tenant.Slug, accountReference = reference, dateOfBirth = "1970-05-05", postalCode = "10001" }, Cancel);
        await Expect.Status(signIn, 200);
        var consumerToken = (await signIn.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString()!;
        platform.RememberSecret("consumer token", consumerToken);
        using var consumer = tenant.WithToken(consumerToken);
        var opened = await consumer.PostAsJsonAsync($"/api/v1/disputes/accounts/{accountId}/disputes", new { reason = "not-mine", channel = "portal" }, Cancel);
        await Expect.Status(opened, 201);
        var dispute = await opened.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(dispute.GetProperty("holdsCollection").GetBoolean());

        await Eventually.Until(
            () => client.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/accounts/{accountId}", Cancel),
            a => a.GetProperty("holds").EnumerateArray().Any(h => h.GetString() == "dispute"),
            Deadline,
            "the dispute hold in Accounts");
        var blocked = await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(decision, Cancel),
            d => !d.GetProperty("allowed").GetBoolean(),
            Deadline,
            "outreach to block calls");
        Assert.Contains(blocked.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "dispute-hold");

        var verified = await agent.PostAsync($"/api/v1/disputes/accounts/{accountId}/disputes/{dispute.GetProperty("id").GetGuid()}/verification", null, Cancel);
        await Expect.Status(verified, 200);
        await Eventually.Until(
            () => agent.GetFromJsonAsync<JsonElement>(decision, Cancel),
            d => d.GetProperty("allowed").GetBoolean(),
            Deadline,
            "calls to be allowed again after verification");
        var account = await client.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/accounts/{accountId}", Cancel);
        Assert.Empty(account.GetProperty("holds").EnumerateArray());
    }

    private static DateTimeOffset NoonInNewYorkTomorrow()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var noon = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date.AddDays(1).AddHours(12);
        return new DateTimeOffset(noon, zone.GetUtcOffset(noon));
    }
}
