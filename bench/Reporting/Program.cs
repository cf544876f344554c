using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Collections.Reporting.Benchmark;

/// <summary>Reporting at scale: KPI query latency over a bulk-loaded read model, and projection throughput from RabbitMQ.</summary>
internal static class Benchmark
{
    public static async Task Main()
    {
        // Reporting at scale: KPI query latency over a bulk-loaded read model, and projection throughput from RabbitMQ.
        // Arguments (all optional): accounts, facts per account, tenants, events to project through the broker.
        var accounts = Argument(0, 1_000_000);
        var factsPerAccount = Argument(1, 10);
        var tenants = Argument(2, 10);
        var projectedEvents = Argument(3, 200_000);
        const int Samples = 40;
        const int WarmUp = 5;

        // The service's content root: its settings are copied next to this program.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_REPORTING", AppContext.BaseDirectory);
        var containers = new PlatformContainers();
        await containers.InitializeAsync();
        try
        {
            var host = new ReportingHost(containers, null);
            await host.InitializeAsync();
            _ = host.Server; // starts the service: migrations, consumers
            var connectionString = ConnectionString(host);

            // 1. The read model, bulk-loaded by COPY (the shape the projector writes).
            var loadClock = Stopwatch.StartNew();
            var loader = new ReadModelLoader(connectionString, tenants, accounts / tenants, factsPerAccount, seed: 20261125);
            var facts = await loader.LoadAsync();
            loadClock.Stop();
            NpgsqlConnection.ClearAllPools(); // new sessions pick up the database's settings from the load
            var loadAfterLoad = LoadAverage();
            Console.WriteLine($"Loaded {accounts:N0} accounts and {facts:N0} facts in {loadClock.Elapsed.TotalSeconds:F0} s (load average {loadAfterLoad})");

            // 2. KPI latency for one tenant over a quarter, warm, through the HTTP API.
            var tenantId = loader.TenantIds[0];
            const string Quarter = "from=2025-07-01T00:00:00Z&to=2025-10-01T00:00:00Z";
            string[] kpis =
            [
                "liquidation", "recovery", "contact", "promises", "days-to-collect", "first-call-resolution", "disputes-and-complaints",
                "roll-rates", "agents", "collected-per-day", "champion-challenger",
            ];
            var p95s = new Dictionary<string, double>();
            var p50s = new Dictionary<string, double>();
            foreach (var kpi in kpis)
            {
                var timings = new List<double>();
                var staff = host.ClientFor(TestCallers.Staff(tenantId, Roles.Supervisor)); // a fresh token: they live minutes
                for (var i = 0; i < WarmUp + Samples; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var response = await staff.GetAsync($"/api/v1/reporting/kpis/{kpi}?{Quarter}");
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                    clock.Stop();
                    if (i >= WarmUp)
                    {
                        timings.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }

                timings.Sort();
                p95s[kpi] = timings[(int)Math.Ceiling(0.95 * timings.Count) - 1];
                p50s[kpi] = timings[timings.Count / 2];
                Console.WriteLine($"{kpi}: p50 {timings[timings.Count / 2]:F1} ms, p95 {p95s[kpi]:F1} ms (load average {LoadAverage()})");
            }

            // 3. Projection throughput: stop the service, fill its queue with events for new accounts of the tenant, start the
            //    service again on the same database and queue, and time it draining the queue into the read model.
            await host.DisposeAsync();
            var events = ProjectionWorkload(tenantId, projectedEvents);
            var publishClock = Stopwatch.StartNew();
            await PublishAsync(containers.RabbitMqConnectionString, events);
            publishClock.Stop();
            var queued = await QueueDepthAsync(containers.RabbitMqConnectionString);
            Console.WriteLine($"Queued {events.Count:N0} events in {publishClock.Elapsed.TotalSeconds:F1} s ({queued:N0} messages in the queue)");

            long loggedBefore;
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*) FROM event_log", connection);
                loggedBefore = (long)(await count.ExecuteScalarAsync())!;
            }

            var loadBeforeDrain = LoadAverage();
            var throughputClock = Stopwatch.StartNew();
            host = new ReportingHost(containers, connectionString);
            _ = host.Server; // the consumer starts on a full queue
            var started = throughputClock.Elapsed;
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                while (true)
                {
                    await using var count = new NpgsqlCommand("SELECT count(*) FROM event_log", connection);
                    if ((long)(await count.ExecuteScalarAsync())! - loggedBefore >= events.Count)
                    {
                        break;
                    }

                    if (throughputClock.Elapsed > TimeSpan.FromMinutes(30))
                    {
                        throw new TimeoutException("The projection did not drain the queue within 30 minutes.");
                    }

                    await Task.Delay(50);
                }
            }

            throughputClock.Stop();
            var loadDuringProjection = LoadAverage();
            var perSecond = events.Count / throughputClock.Elapsed.TotalSeconds;
            Console.WriteLine($"Projected {events.Count:N0} queued events in {throughputClock.Elapsed.TotalSeconds:F1} s (service start {started.TotalSeconds:F1} s included): {perSecond:F0}/s");

            var slowest = p95s.MaxBy(p => p.Value);
            var report = string.Create(CultureInfo.InvariantCulture, $"""
                # Reporting at scale

                kpi_p95_ms: {slowest.Value:F0}
                projection_events_per_second: {perSecond:F0}

                {(accounts < 1_000_000 || accounts * (long)factsPerAccount < 10_000_000 ? $"- **Scaled down** from 1,000,000 accounts and 10,000,000 events to the figures below: the full load did not fit in the time available on this machine.\n" : "")}- Read model: {accounts:N0} accounts and {facts:N0} facts ({factsPerAccount} per account: six call attempts (40% connected, 1 in 20 replaced by a reversal and 1 in 50 by a dispute), an RPC, a promise, its outcome, a payment) over 2025, in {tenants} tenants of {accounts / tenants:N0} accounts, 10 clients, 12 monthly placements, 6 segments, champion/challenger 80/20 and 50 agents each. Bulk-loaded by COPY in {loadClock.Elapsed.TotalSeconds:F0} s (fact indexes rebuilt after the load): exactly the account and fact rows the projector writes for those events, and the daily aggregates filled by the projection's own statement-level triggers as each tenant's COPY lands; the event log is not bulk-loaded. Load average after the load: {loadAfterLoad}.
                - KPI latency: one tenant, the quarter 2025-07-01 to 2025-10-01, through the HTTP API in process ({WarmUp} warm-up requests, then p95 of {Samples}); slowest: {slowest.Key}.

                | KPI | p50 ms | p95 ms |
                |---|---:|---:|
                {string.Join("\n", p95s.Select(p => $"| {p.Key} | {p50s[p.Key]:F1} | {p.Value:F1} |"))}
                
                - Projection throughput: {events.Count:N0} events (per new account: AccountPlaced, AccountSegmented, StrategyAssigned, four ContactAttempted, RightPartyContacted, PromiseToPayMade, PaymentPosted) published to RabbitMQ while the service was stopped ({publishClock.Elapsed.TotalSeconds:F1} s; {queued:N0} messages queued), then drained by the real consumer of a freshly started service into the loaded read model (up to {Collections.Reporting.Consumers.EventProjectionConsumerDefinition.InFlight} messages in flight, written up to {new Collections.Reporting.Infrastructure.ProjectionBatchOptions().MaxBatch} per transaction: inbox, event log, projection and aggregates set-based); timed from the service's start ({started.TotalSeconds:F1} s of it) until the last event is in the event log: {throughputClock.Elapsed.TotalSeconds:F1} s. Load average before the drain: {loadBeforeDrain}; after it: {loadDuringProjection}.
                - PostgreSQL and RabbitMQ in containers ({Environment.GetEnvironmentVariable("Containers__Postgres__Image") ?? "postgres:15.1"}, default settings but no parallel query: the container's 64 MB /dev/shm is too small for it), loopback.
                - Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average at the end: {LoadAverage()} (other work on the machine slows every figure down).
                - Run: `dotnet run -c Release --project bench/Reporting` (arguments: accounts, facts per account, tenants, events to project; defaults 1000000 10 10 200000).

                """);
            var path = Path.Combine(FindRepositoryRoot(), "bench", "results", "reporting.md");
            await File.WriteAllTextAsync(path, report);
            Console.WriteLine(report);
            await host.DisposeAsync();
        }
        finally
        {
            await containers.DisposeAsync();
        }
    }

    /// <summary>Publishes the events as the other services' outboxes would (message id = event id, tenant header), from a bus of its own.</summary>
    private static async Task PublishAsync(string rabbitMq, List<IntegrationEvent> events)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(rabbitMq)));
        await bus.StartAsync();
        try
        {
            foreach (var chunk in events.Chunk(500))
            {
                await Task.WhenAll(chunk.Select(e => bus.Publish((object)e, e.GetType(), context =>
                {
                    context.MessageId = e.EventId;
                    context.Headers.Set(TenantHeaders.TenantId, e.TenantId.ToString());
                })));
            }
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>How many messages wait in Reporting's queue.</summary>
    private static async Task<uint> QueueDepthAsync(string rabbitMq)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(rabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(new KebabCaseEndpointNameFormatter("reporting", includeNamespace: false).Consumer<Collections.Reporting.Consumers.EventProjectionConsumer>())).MessageCount;
    }

    private static int Argument(int index, int fallback) =>
        Environment.GetCommandLineArgs().Skip(1).ElementAtOrDefault(index) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string ConnectionString(ReportingHost host)
    {
        using var scope = host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Collections.Reporting.Infrastructure.ReportingDbContext>().Database.GetConnectionString()!;
    }

    private static List<IntegrationEvent> ProjectionWorkload(Guid tenantId, int count)
    {
        var events = new List<IntegrationEvent>(count);
        var now = DateTimeOffset.UtcNow;
        var client = Guid.NewGuid();
        while (events.Count < count)
        {
            var account = Guid.NewGuid();
            var rpc = Guid.NewGuid();
            events.Add(new AccountPlaced
            {
                TenantId = tenantId, OccurredAt = now, AccountId = account, ClientId = client, ConsumerId = Guid.NewGuid(), ClientReference = $"B-{account:N}",
                Jurisdiction = "NY", Currency = "USD", Principal = 1000m, Interest = 0m, Fees = 0m, PlacedBalance = 1000m, PlacementId = Guid.Empty, DelinquencyDate = new DateOnly(2025, 1, 1),
            });
            events.Add(new AccountSegmented { TenantId = tenantId, OccurredAt = now, AccountId = account, ClientId = client, Segment = "early-low", Score = 400, Cause = "placement" });
            events.Add(new StrategyAssigned { TenantId = tenantId, OccurredAt = now, AccountId = account, ClientId = client, Segment = "early-low", StrategyId = Guid.Empty, StrategyName = "default", Arm = "champion" });
            for (var i = 0; i < 4; i++)
            {
                events.Add(new ContactAttempted
                {
                    TenantId = tenantId, OccurredAt = now, AttemptId = i == 3 ? rpc : Guid.NewGuid(), AccountId = account, ClientId = client, Channel = "Call",
                    Outcome = i == 3 ? "RightPartyContact" : "NoAnswer", AttemptedAt = now, RecordedBy = "agent-1",
                });
            }

            events.Add(new RightPartyContacted { TenantId = tenantId, OccurredAt = now, AttemptId = rpc, AccountId = account, ClientId = client, Channel = "Call", AgentId = "agent-1", ContactedAt = now });
            events.Add(new PromiseToPayMade
            {
                TenantId = tenantId, OccurredAt = now, PromiseId = Guid.NewGuid(), AccountId = account, ClientId = client, Amount = 100m, Currency = "USD",
                DueDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(7), PaymentChannel = "card", RecordedBy = "agent-1",
            });
            events.Add(new PaymentPosted
            {
                TenantId = tenantId, OccurredAt = now, PaymentId = Guid.NewGuid(), AccountId = account, ClientId = client, Amount = 100m, Currency = "USD", Method = "card", RecordedBy = "agent-1",
            });
        }

        return events.Take(count).ToList();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
