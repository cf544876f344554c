using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Tests;

public sealed class DeadLettersApiTests(PlatformContainers containers)
{
    private const string Path = "/api/v1/receipts/admin/dead-letters";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly Guid tenantA = Guid.NewGuid();
    private readonly Guid tenantB = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tenant_admin_lists_a_failing_message_with_its_exception_and_replays_it_once_after_the_fix()
    {
        await using var service = await StartServiceAsync();
        using var adminA = Client(service, TestCallers.Staff(tenantA, Roles.Admin));
        var placed = MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed);
        await SaveToOutboxAsync(service, placed);

        var listed = await Eventually.Until(() => ListAsync(adminA), letters => letters.Count == 1, Deadline, "the dead letter in the admin list");
        var letter = Assert.Single(listed);
        Assert.Equal((placed.EventId, "AccountPlaced", tenantA, 6), (letter.MessageId, letter.MessageType, letter.TenantId, letter.Attempts));
        Assert.Equal(typeof(InvalidOperationException).FullName, letter.ExceptionType);
        Assert.Contains("Simulated bug", letter.ExceptionMessage);

        AccountPlacedRecorder.Fix(placed.AccountId);
        var replayed = await adminA.PostAsync($"{Path}/{letter.Id}/replay", null, Cancel);
        var again = await adminA.PostAsync($"{Path}/{letter.Id}/replay", null, Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (replayed.StatusCode, again.StatusCode));
        await Eventually.Until(() => ReceiptsAsync(service, placed.AccountId), n => n == 1, Deadline, "the replayed message to be consumed");
        Assert.Empty(await ListAsync(adminA));
    }

    [Fact]
    public async Task Another_tenants_admin_sees_none_of_the_dead_letters_and_gets_404_for_one()
    {
        await using var service = await StartServiceAsync();
        using var adminA = Client(service, TestCallers.Staff(tenantA, Roles.Admin));
        using var adminB = Client(service, TestCallers.Staff(tenantB, Roles.Admin));
        await SaveToOutboxAsync(service, MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed));
        var letter = Assert.Single(await Eventually.Until(() => ListAsync(adminA), letters => letters.Count == 1, Deadline, "the dead letter"));

        Assert.Empty(await ListAsync(adminB));
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.GetAsync($"{Path}/{letter.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.PostAsync($"{Path}/{letter.Id}/replay", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.PostAsJsonAsync($"{Path}/{letter.Id}/discard", new { reason = "not mine" }, Cancel)).StatusCode);
        Assert.Single(await ListAsync(adminA));
    }

    [Fact]
    public async Task Staff_who_are_not_admins_are_refused()
    {
        await using var service = await StartServiceAsync();
        using var agent = Client(service, TestCallers.Staff(tenantA, Roles.Agent, Roles.Supervisor));

        var response = await agent.GetAsync(Path, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_discard_without_a_reason_is_400_and_with_one_is_kept_with_who_and_why()
    {
        await using var service = await StartServiceAsync();
        using var adminA = Client(service, TestCallers.Staff(tenantA, Roles.Admin));
        await SaveToOutboxAsync(service, MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed));
        var letter = Assert.Single(await Eventually.Until(() => ListAsync(adminA), letters => letters.Count == 1, Deadline, "the dead letter"));

        var withoutReason = await adminA.PostAsJsonAsync($"{Path}/{letter.Id}/discard", new { }, Cancel);
        var discarded = await adminA.PostAsJsonAsync($"{Path}/{letter.Id}/discard", new { reason = "placement withdrawn by the client" }, Cancel);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (withoutReason.StatusCode, discarded.StatusCode));
        var details = (await discarded.Content.ReadFromJsonAsync<DeadLetterDetails>(Cancel))!;
        Assert.Equal((DeadLetterStatus.Discarded, "placement withdrawn by the client"), (details.Summary.Status, details.DiscardReason));
        Assert.False(string.IsNullOrEmpty(details.DiscardedBy));
        Assert.Empty(await ListAsync(adminA));
    }

    private static async Task<List<DeadLetterSummary>> ListAsync(HttpClient client)
    {
        var response = await client.GetAsync(Path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<DeadLetterSummary>>(Cancel))!;
    }

    private static HttpClient Client(WebApplication service, string token)
    {
        var client = service.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task SaveToOutboxAsync(WebApplication service, AccountPlaced placed)
    {
        await using var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(placed.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>();
        db.AddIntegrationEvent(placed);
        await db.SaveChangesAsync();
    }

    private async Task<int> ReceiptsAsync(WebApplication service, Guid accountId)
    {
        await using var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantA);
        return await scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>().Receipts.CountAsync(r => r.AccountId == accountId);
    }

    /// <summary>A service as the platform builds one, with its dead-letter API under <c>/api/v1/receipts</c>.</summary>
    private async Task<WebApplication> StartServiceAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:receipts"] = await containers.CreateDatabaseAsync("receipts"),
            ["ConnectionStrings:messaging"] = containers.RabbitMqConnectionString,
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
            [InternalTokens.PublicKeyConfigKey] = TestCallers.PublicKeyPem,
        });
        builder.AddServiceDefaults();
        builder.AddCallerAuthentication();
        builder.AddServiceDatabase<ReceiptsDbContext>("receipts");
        builder.AddMessaging<ReceiptsDbContext>($"test-{Guid.NewGuid():N}", bus => bus.AddConsumer<AccountPlacedRecorder>());
        builder.Services.Configure<MassTransit.MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseCallerAuthentication();
        app.MapDeadLettersApi("receipts");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return app;
    }
}
