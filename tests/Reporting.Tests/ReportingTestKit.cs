using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Reporting.Apis;
using Collections.Reporting.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Reporting.Tests;

/// <summary>Feeding a scripted history through the broker and reading KPIs back.</summary>
public static class ReportingTestKit
{
    public const string March = "from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z";

    public static readonly string[] KpiNames =
    [
        "liquidation", "recovery", "contact", "promises", "days-to-collect", "first-call-resolution", "disputes-and-complaints",
        "roll-rates", "agents", "collected-per-day", "champion-challenger",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Publishes every event of the history and waits until all are in the event log.</summary>
    public static async Task FeedAsync(this ReportingServiceFactory service, ScriptedHistory history)
    {
        var events = history.Events();
        foreach (var evt in events)
        {
            await service.PublishAsync((dynamic)evt);
        }

        await service.WaitForLoggedAsync(history.TenantId, events.Count);
    }

    /// <summary>Waits until <paramref name="count"/> events of the tenant are in the event log (so projected: both happen in one transaction).</summary>
    public static Task WaitForLoggedAsync(this ReportingServiceFactory service, Guid tenantId, int count) => Eventually.Until(
        async () =>
        {
            await using var scope = service.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ReportingDbContext>().EventLog.CountAsync(e => e.TenantId == tenantId, Cancel);
        },
        logged => logged >= count,
        TimeSpan.FromSeconds(60),
        $"{count} events of tenant {tenantId} to be projected");

    /// <summary>Inbox records of these message ids: a message the inbox has seen has been fully handled (skipped or projected).</summary>
    public static async Task WaitForInboxAsync(this ReportingServiceFactory service, params Guid[] messageIds) => await Eventually.Until(
        async () =>
        {
            await using var scope = service.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
            return await db.Database.SqlQuery<int>($"SELECT count(DISTINCT message_id)::int AS \"Value\" FROM inbox_messages WHERE message_id = ANY({messageIds})").SingleAsync(Cancel);
        },
        seen => seen == messageIds.Length,
        TimeSpan.FromSeconds(30),
        "the redelivered messages to be handled");

    public static HttpClient StaffOf(this ReportingServiceFactory service, Guid tenantId, string role = Roles.Supervisor) =>
        service.ClientFor(TestCallers.Staff(tenantId, role));

    public static async Task<T> KpiAsync<T>(this HttpClient client, string name, string query = March) =>
        (await client.GetFromJsonAsync<KpiAnswer<T>>($"/api/v1/reporting/kpis/{name}?{query}", Cancel))!.Value;

    /// <summary>Every KPI's value (freshness left out) as one JSON text, to compare two moments.</summary>
    public static async Task<string> SnapshotAsync(this HttpClient client, string query = March)
    {
        var parts = new List<string>();
        foreach (var name in KpiNames)
        {
            var answer = JsonNode.Parse(await client.GetStringAsync($"/api/v1/reporting/kpis/{name}?{query}", Cancel))!;
            parts.Add($"{name}: {answer["value"]!.ToJsonString()}");
        }

        return string.Join('\n', parts);
    }

    /// <summary>An event that changes no KPI, published last so tests can tell when everything before it was handled.</summary>
    public static AccountHoldChanged Marker(Guid tenantId, Guid accountId, Guid clientId) => new()
    {
        TenantId = tenantId, OccurredAt = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), AccountId = accountId, ClientId = clientId,
        Hold = "cease-communication", Placed = false, Holds = [],
    };
}
