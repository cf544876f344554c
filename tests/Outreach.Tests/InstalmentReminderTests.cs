using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Outreach.Compliance;
using Collections.Outreach.Consumers;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Tests;

/// <summary>Reminders of payment plan instalments falling due, from Payments' <c>PaymentInstalmentDue</c>.</summary>
public sealed class InstalmentReminderTests(StrategyServiceFactory service) : IClassFixture<StrategyServiceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static PaymentInstalmentDue Due(TestAccount account, Guid planId, int number = 2) => new()
    {
        TenantId = account.TenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        PaymentPlanId = planId,
        AccountId = account.AccountId,
        ClientId = account.ClientId,
        InstalmentNumber = number,
        DueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5),
        Amount = 150.00m,
        Currency = "USD",
        Autopay = false,
    };

    /// <summary>The account's instalment reminder once the event is consumed.</summary>
    private static async Task<JsonElement> ReminderAsync(HttpClient admin, Guid accountId) =>
        await Eventually.Until(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{accountId}/planned-contacts", Cancel))
                .EnumerateArray().Where(p => p.GetProperty("templateKey").GetString() == "instalment-reminder").ToList(),
            reminders => reminders.Count > 0,
            TimeSpan.FromSeconds(30),
            "the instalment reminder to be planned").ContinueWith(t => Assert.Single(t.Result), TaskScheduler.Default);

    /// <summary>Sends what is due at the reminder's send time, as the dispatcher would then.</summary>
    private async Task DispatchAsync(Guid tenantId, JsonElement reminder)
    {
        var at = reminder.GetProperty("scheduledAt").GetDateTimeOffset();
        await service.DispatchAsync(tenantId, (at > DateTimeOffset.UtcNow ? at : DateTimeOffset.UtcNow).AddMinutes(1));
    }

    private static async Task<List<JsonElement>> MessagesAsync(HttpClient client, Guid accountId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{accountId}/messages", Cancel)).EnumerateArray()];

    [Fact]
    public async Task A_due_instalment_sends_one_reminder_rendered_in_the_consumers_language_with_the_amount_date_and_opt_out_link()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "plan", language: "es"));
        var due = Due(account, Guid.NewGuid());

        await service.PublishAsync(due);
        var reminder = await ReminderAsync(admin, account.AccountId);
        await DispatchAsync(tenantId, reminder);

        using var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        var email = Assert.Single(await MessagesAsync(consumer, account.AccountId));
        Assert.Equal("Email", email.GetProperty("channel").GetString());
        Assert.Equal("es", email.GetProperty("language").GetString());
        Assert.Equal(account.Email, email.GetProperty("to").GetString());
        Assert.StartsWith("Su pago de 150.00 USD a Acme", email.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var body = email.GetProperty("body").GetString()!;
        Assert.Contains("Hola Ann", body, StringComparison.Ordinal);
        Assert.Contains(due.DueDate.ToString("d 'de' MMMM 'de' yyyy", CultureInfo.GetCultureInfo("es-US")), body, StringComparison.Ordinal);
        Assert.Contains("/api/v1/outreach/email-opt-outs?token=", body, StringComparison.Ordinal);
        var sent = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{account.AccountId}/planned-contacts", Cancel);
        Assert.Equal("Sent", Assert.Single(sent.EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_redelivered_or_republished_instalment_event_sends_nothing_more()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "plan"));
        var due = Due(account, Guid.NewGuid());
        await service.PublishAsync(due);
        await DispatchAsync(tenantId, await ReminderAsync(admin, account.AccountId));

        var republished = due with { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow };
        await service.PublishAsync(due);
        await service.PublishAsync(republished);
        await Eventually.Until(
            () => service.InTenantAsync(tenantId, db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM inbox_messages WHERE message_id = {republished.EventId}").SingleAsync(Cancel)),
            count => count > 0,
            TimeSpan.FromSeconds(30),
            "the republished event to be consumed");
        await service.DispatchAsync(tenantId, DateTimeOffset.UtcNow.AddMinutes(2));

        Assert.Single(await MessagesAsync(admin, account.AccountId));
        var planned = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/outreach/accounts/{account.AccountId}/planned-contacts", Cancel);
        var only = Assert.Single(planned.EnumerateArray());
        Assert.Equal(InstalmentKey(due), only.GetProperty("stepKey").GetString());
    }

    [Fact]
    public async Task A_consumer_preferring_sms_who_opted_out_of_texts_gets_the_reminder_by_email()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "plan"));
        await SetPreferencesAsync(admin, account, "Sms", ["Sms"]);

        await service.PublishAsync(Due(account, Guid.NewGuid()));
        var reminder = await ReminderAsync(admin, account.AccountId);
        await DispatchAsync(tenantId, reminder);

        var message = Assert.Single(await MessagesAsync(admin, account.AccountId));
        Assert.Equal("Email", message.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task A_consumer_preferring_sms_gets_a_text_and_without_texts_or_email_gets_nothing_and_the_block_is_recorded()
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var texted = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "plan"));
        var silent = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "plan") with { Mobile = "+12125550111", Email = "bo.lee@example.com" });
        await SetPreferencesAsync(admin, texted, "Sms", []);
        await SetPreferencesAsync(admin, silent, "Sms", ["Sms", "Email"]);

        await service.PublishAsync(Due(texted, Guid.NewGuid()));
        await service.PublishAsync(Due(silent, Guid.NewGuid()));
        await DispatchAsync(tenantId, await ReminderAsync(admin, texted.AccountId));
        var blocked = await ReminderAsync(admin, silent.AccountId);
        await service.DispatchAsync(tenantId, DateTimeOffset.UtcNow.AddMinutes(2));

        var text = Assert.Single(await MessagesAsync(admin, texted.AccountId));
        Assert.Equal("Sms", text.GetProperty("channel").GetString());
        Assert.Contains("150.00 USD", text.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Reply STOP to opt out", text.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync(admin, silent.AccountId));
        Assert.Equal("Blocked", blocked.GetProperty("state").GetString());
        Assert.Contains("opt-out", blocked.GetProperty("reasons").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cease-communication", AccountHolds.CeaseCommunication, "cease-communication")]
    [InlineData("dispute", AccountHolds.Dispute, "dispute-hold")]
    public async Task A_cease_or_dispute_hold_blocks_the_reminder_and_records_the_block(string hold, AccountHolds holds, string reason)
    {
        var tenantId = Guid.NewGuid();
        using var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var account = await service.AddAccountAsync(StrategyServiceFactory.NewAccount(tenantId, "plan", holds: [hold]));
        await service.InTenantAsync(tenantId, db => db.Accounts.Where(a => a.AccountId == account.AccountId).ExecuteUpdateAsync(a => a.SetProperty(x => x.Holds, holds), Cancel));

        await service.PublishAsync(Due(account, Guid.NewGuid()));
        var reminder = await ReminderAsync(admin, account.AccountId);
        await service.DispatchAsync(tenantId, DateTimeOffset.UtcNow.AddMinutes(2));

        Assert.Equal("Blocked", reminder.GetProperty("state").GetString());
        Assert.Contains(reason, reminder.GetProperty("reasons").GetString(), StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync(admin, account.AccountId));
    }

    private static string InstalmentKey(PaymentInstalmentDue due) => PaymentInstalmentDueConsumer.StepKey(due.PaymentPlanId, due.InstalmentNumber);

    private static async Task SetPreferencesAsync(HttpClient admin, TestAccount account, string preferredChannel, string[] optedOutMedia)
    {
        var response = await admin.PutAsJsonAsync(
            $"/api/v1/outreach/consumers/{account.ConsumerId}/contact-preferences",
            new { optedOutMedia, employerProhibitsCalls = false, preferredChannel },
            Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
