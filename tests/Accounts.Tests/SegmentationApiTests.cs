using System.Net;
using System.Net.Http.Json;
using Collections.Accounts.Apis;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

/// <summary>Segments and scores recomputed when their inputs change, and the tenant's settings for them.</summary>
public sealed class SegmentationApiTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private const string SettingsPath = "/api/v1/accounts/segmentation/settings";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_posted_payment_re_segments_the_account_and_publishes_AccountSegmented()
    {
        var account = await PlacedAsync(Key(), Placement("SEG-PAY-1"));
        var paymentId = Guid.NewGuid();

        await service.PublishAsync(Payment(account, paymentId, 10m, "USD"));

        // 500 + 200 (recent payment) + 100 (any payment) − 10 × 0.09675 = 799.03…
        var paid = await service.AccountWhenAsync(TestCallers.Client(tenantId, clientId), account.Id, a => a.Balance == 96.75m, "the payment applied");
        Assert.Equal(("early-low-paid-recently-no-phone", 799), (paid.Segment, paid.Score));
        var segmented = await Segmented(account.Id);
        Assert.Equal([($"payment:{paymentId}", 799)], segmented.Select(s => (s.Cause, s.Score)));
    }

    [Fact]
    public async Task A_placed_account_publishes_its_initial_segment_and_score_on_AccountPlaced_not_as_AccountSegmented()
    {
        var account = await PlacedAsync(Key(), Placement("SEG-PLACED"));

        await using var scope = TenantScope(out var db);
        var placed = Assert.Single(await QueuedEvents<AccountPlaced>.OfAsync(db, tenantId, Cancel), e => e.AccountId == account.Id);
        Assert.Equal((account.Segment, account.Score), (placed.Segment, placed.Score));
        Assert.Equal(499, placed.Score);
        Assert.Empty(await Segmented(account.Id));
    }

    [Fact]
    public async Task A_consumer_whose_only_number_is_a_mobile_without_consent_is_not_segmented_landline_only()
    {
        var mobile = new { firstName = "Ann", lastName = "Lee", phones = new[] { new { number = "+16175550147", type = "mobile" } } };
        var landline = new { firstName = "Bo", lastName = "Lee", phones = new[] { new { number = "+16175550148", type = "landline" } } };

        var unconsented = await PlacedAsync(Key(), Placement("SEG-MOB-1", consumer: mobile));
        var fixedLine = await PlacedAsync(Key(), Placement("SEG-MOB-2", consumer: landline));

        Assert.Equal("early-low-never-paid-mobile-no-consent", unconsented.Segment);
        Assert.Equal("early-low-never-paid-landline-only", fixedLine.Segment);
    }

    [Fact]
    public async Task A_change_that_moves_neither_segment_nor_score_publishes_nothing()
    {
        var account = await PlacedAsync(Key(), Placement("SEG-PAY-2"));
        var messageId = Guid.NewGuid();

        // Another currency: refused, so no input changes.
        await service.PublishAsync(Payment(account, Guid.NewGuid(), 10m, "EUR"), messageId);

        await Eventually.Until(() => Processed(messageId), count => count == 1, Within, "the payment processed");
        Assert.Empty(await Segmented(account.Id));
    }

    [Fact]
    public async Task A_hold_makes_the_account_held_and_lowers_its_score()
    {
        var account = await PlacedAsync(Key(), Placement("SEG-HOLD"));

        await service.PublishAsync(new ConsumerRequestRecorded
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            RequestId = Guid.NewGuid(),
            AccountId = account.Id,
            ClientId = clientId,
            Kind = "bankruptcy",
        });

        var held = await service.AccountWhenAsync(TestCallers.Client(tenantId, clientId), account.Id, a => a.Holds.Count == 1, "the hold");
        Assert.Equal(("early-low-never-paid-held", 199), (held.Segment, held.Score));
    }

    [Fact]
    public async Task A_right_party_contact_from_Outreach_raises_the_score()
    {
        var account = await PlacedAsync(Key(), Placement("SEG-RPC"));

        await service.PublishAsync(new RightPartyContacted
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            AttemptId = Guid.NewGuid(),
            AccountId = account.Id,
            ClientId = clientId,
            Channel = "Call",
            AgentId = "agent-1",
            ContactedAt = DateTimeOffset.UtcNow,
        });

        var contacted = await service.AccountWhenAsync(TestCallers.Client(tenantId, clientId), account.Id, a => a.Score == 549, "the contact scored");
        Assert.Equal("early-low-never-paid-no-phone", contacted.Segment);
    }

    [Fact]
    public async Task A_tenant_without_settings_reads_the_defaults()
    {
        var read = await Admin().GetFromJsonAsync<SegmentationSettingsResponse>(SettingsPath, Cancel);

        Assert.True(read!.IsDefault);
        Assert.Equal(500m, read.Settings.Weights.Base);
        Assert.Equal((180, 730), (read.Settings.EarlyMaxDays, read.Settings.MidMaxDays));
    }

    [Fact]
    public async Task An_admin_sets_the_tenants_weights_and_new_placements_are_scored_with_them()
    {
        var settings = SegmentationSettingsDefaults() with { Weights = new() { ["base"] = 300m, ["perThousandOfBalance"] = 0m } };

        var response = await Admin().PutAsJsonAsync(SettingsPath, settings.Body, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await Admin().GetFromJsonAsync<SegmentationSettingsResponse>(SettingsPath, Cancel);
        Assert.False(read!.IsDefault);
        Assert.StartsWith("staff:", read.UpdatedBy);
        var account = await PlacedAsync(Key(), Placement("SEG-SET-1"));
        Assert.Equal(300, account.Score);
        var otherTenant = await service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)).GetFromJsonAsync<SegmentationSettingsResponse>(SettingsPath, Cancel);
        Assert.True(otherTenant!.IsDefault);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"earlyMaxDays":800,"midMaxDays":730,"lowMaxBalance":500,"mediumMaxBalance":2500,"recentPaymentDays":90,"recentContactDays":30,"weights":{}}""")]
    [InlineData("""{"earlyMaxDays":180,"midMaxDays":730,"lowMaxBalance":500,"mediumMaxBalance":2500,"recentPaymentDays":90,"recentContactDays":30,"weights":{"held":-5000}}""")]
    [InlineData("""{"earlyMaxDays":180,"midMaxDays":730,"lowMaxBalance":500,"mediumMaxBalance":2500,"recentPaymentDays":90,"recentContactDays":30}""")]
    public async Task Unusable_settings_are_a_400_problem(string body)
    {
        var response = await Admin().PutAsync(SettingsPath, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_an_admin_sets_the_settings_and_clients_do_not_read_them()
    {
        var agent = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent)).PutAsJsonAsync(SettingsPath, SegmentationSettingsDefaults().Body, Cancel);
        var client = await Key().GetAsync(SettingsPath, Cancel);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (agent.StatusCode, client.StatusCode));
    }

    private static SettingsBody SegmentationSettingsDefaults() => new([]);

    private sealed record SettingsBody(Dictionary<string, decimal> Weights)
    {
        public object Body => new
        {
            earlyMaxDays = 180,
            midMaxDays = 730,
            lowMaxBalance = 500m,
            mediumMaxBalance = 2500m,
            recentPaymentDays = 90,
            recentContactDays = 30,
            weights = Weights,
        };
    }

    private PaymentPosted Payment(AccountResponse account, Guid paymentId, decimal amount, string currency) => new()
    {
        TenantId = tenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        PaymentId = paymentId,
        AccountId = account.Id,
        ClientId = clientId,
        Amount = amount,
        Currency = currency,
        Method = "card",
    };

    private HttpClient Key() => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Admin() => service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));

    private async Task<int> Processed(Guid messageId)
    {
        await using var scope = TenantScope(out var db);
        return await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId, Cancel);
    }

    private async Task<IReadOnlyList<AccountSegmented>> Segmented(Guid accountId)
    {
        await using var scope = TenantScope(out var db);
        return [.. (await QueuedEvents<AccountSegmented>.OfAsync(db, tenantId, Cancel)).Where(e => e.AccountId == accountId)];
    }

    private AsyncServiceScope TenantScope(out AccountsDbContext db)
    {
        var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        return scope;
    }
}
