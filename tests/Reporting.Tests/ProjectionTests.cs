using System.Diagnostics;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Reporting.Apis;
using Collections.Reporting.Infrastructure;

namespace Collections.Reporting.Tests;

/// <summary>Idempotence, order tolerance, rebuilds and freshness of the projections.</summary>
public sealed class ProjectionTests(ReportingServiceFactory service) : IClassFixture<ReportingServiceFactory>
{
    private readonly ScriptedHistory history = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Staff => service.StaffOf(history.TenantId);

    [Fact]
    public async Task A_redelivered_event_and_a_payment_repeated_under_a_new_message_id_leave_every_KPI_unchanged()
    {
        await service.FeedAsync(history);
        var before = await Staff.SnapshotAsync();
        var events = history.Events().Count;

        // The same message again (the broker redelivers it), the same payment and RPC under new message and event ids
        // (a publisher retried), then a marker.
        var repeatedPayment = history.Payment(history.A1, history.ClientA, history.Pay1, 999m, ScriptedHistory.At(11, 9, 0), "agent-9");
        var repeatedRpc = history.Rpc(history.A1, history.ClientA, history.Rpc1, ScriptedHistory.At(20, 9, 0), "agent-9");
        var redelivered = history.Payment(history.A2, history.ClientA, Guid.NewGuid(), 75m, ScriptedHistory.At(21, 9, 0), "agent-2");
        await service.PublishAsync(redelivered);
        await service.WaitForLoggedAsync(history.TenantId, events + 1);
        var withOneMore = await Staff.SnapshotAsync();
        await service.PublishAsync(redelivered);
        await service.PublishAsync(repeatedPayment);
        await service.PublishAsync(repeatedRpc);
        await service.WaitForInboxAsync(repeatedPayment.EventId, repeatedRpc.EventId);
        await service.PublishAsync(ReportingTestKit.Marker(history.TenantId, history.A3, history.ClientA));
        await service.WaitForLoggedAsync(history.TenantId, events + 2);

        Assert.NotEqual(before, withOneMore);
        Assert.Equal(withOneMore, await Staff.SnapshotAsync());
    }

    [Fact]
    public async Task Events_arriving_in_reverse_order_give_the_same_KPIs_as_in_order()
    {
        var inOrder = new ScriptedHistory();
        var reversed = new ScriptedHistory();
        await service.FeedAsync(inOrder);
        var reversedEvents = reversed.Events().Reverse().ToList();
        foreach (var evt in reversedEvents)
        {
            await service.PublishAsync((dynamic)evt);
        }

        await service.WaitForLoggedAsync(reversed.TenantId, reversedEvents.Count);

        // The histories differ only in their ids, so every KPI value but the ids is the same.
        Assert.Equal(
            await service.StaffOf(inOrder.TenantId).SnapshotAsync(),
            await service.StaffOf(reversed.TenantId).SnapshotAsync());
    }

    [Fact]
    public async Task Rebuilding_from_the_event_log_yields_identical_KPIs()
    {
        await service.FeedAsync(history);
        var before = await Staff.SnapshotAsync();

        var response = await service.StaffOf(history.TenantId, Roles.Admin).PostAsync("/api/v1/reporting/admin/rebuild", null, Cancel);

        response.EnsureSuccessStatusCode();
        Assert.Equal(history.Events().Count, (await response.Content.ReadFromJsonAsync<RebuildResult>(Cancel))!.EventsReplayed);
        Assert.Equal(before, await Staff.SnapshotAsync());
    }

    [Fact]
    public async Task Only_a_tenant_admin_may_rebuild()
    {
        var response = await service.StaffOf(history.TenantId, Roles.Supervisor).PostAsync("/api/v1/reporting/admin/rebuild", null, Cancel);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_KPI_reflects_a_payment_within_two_seconds_of_its_publication()
    {
        await service.FeedAsync(history);
        var today = DateTimeOffset.UtcNow;
        var query = $"from={today.UtcDateTime.Date:yyyy-MM-dd}T00:00:00Z&to={today.UtcDateTime.Date.AddDays(1):yyyy-MM-dd}T00:00:00Z";
        var payment = history.Payment(history.A2, history.ClientA, Guid.NewGuid(), 42m, today, "agent-2");

        var clock = Stopwatch.StartNew();
        await service.PublishAsync(payment);
        var days = await Eventually.Until(
            () => Staff.KpiAsync<List<DailyCollection>>("collected-per-day", query),
            d => d.Sum(day => day.Net) == 42m,
            TimeSpan.FromSeconds(10),
            "the payment to show in collected per day");
        clock.Stop();

        Assert.Equal(42m, days.Single().Net);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Reflected after {clock.Elapsed.TotalMilliseconds:0} ms.");
    }
}
