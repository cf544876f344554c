using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Compliance;
using Collections.Outreach.Infrastructure;
using Collections.Outreach.Strategies;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Collections.Benchmarks.StrategyRun;

/// <summary>
/// The daily strategy run over 1,000,000 accounts with 10,000,000 past contact attempts, end to end: Accounts' rows
/// streamed over a real gRPC channel (loopback HTTP/2) from PostgreSQL, consumers' numbers fetched by <c>GetConsumer</c>
/// for what is sent or called, assignments, engine decisions and the actions stored in Outreach's PostgreSQL database.
/// Compared with a bare SELECT streaming the same account rows, and with the engine's decisions per second.
/// </summary>
public static class StrategyRunBenchmark
{
    private static readonly ILoggerFactory Logs = LoggerFactory.Create(logging => logging.AddSimpleConsole());

    public static async Task Main(string[] args)
    {
        var accountCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        const int AttemptsPerAccount = 10;
        var businessDate = new DateOnly(2026, 12, 2);
        var tenantId = Guid.Parse("5b1d7c9e-0000-4000-8000-00000000be9c");

        await using var postgres = new PostgreSqlBuilder(Environment.GetEnvironmentVariable("Containers__Postgres__Image") is { Length: > 0 } image ? image : "postgres:15.1")
            .WithUsername("bench").WithPassword("bench").Build();
        var clock = Stopwatch.StartNew();
        await postgres.StartAsync();
        var server = new NpgsqlConnectionStringBuilder(postgres.GetConnectionString());
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE accountsdb; ", admin);
            await create.ExecuteNonQueryAsync();
            create.CommandText = "CREATE DATABASE outreachdb";
            await create.ExecuteNonQueryAsync();
        }

        await using var accountsDb = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "accountsdb", MaxPoolSize = 32 }.ConnectionString);
        var outreachConnection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "outreachdb", CommandTimeout = 0 }.ConnectionString;
        await using var outreachDb = NpgsqlDataSource.Create(outreachConnection);
        OutreachDbContext Outreach(TenantContext tenant) => new(new DbContextOptionsBuilder<OutreachDbContext>().UseNpgsql(outreachConnection).Options, tenant);

        Console.WriteLine($"Seeding {accountCount:N0} accounts and {accountCount * AttemptsPerAccount:N0} attempts…");
        var seeder = new Seeder(accountsDb, outreachDb, tenantId, businessDate, accountCount, AttemptsPerAccount);
        await seeder.SeedAsync(Outreach);
        Console.WriteLine($"Seeded in {clock.Elapsed.TotalSeconds:F0} s");

        // Accounts' gRPC side, on a loopback HTTP/2 port.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxSendMessageSize = null);
        builder.Services.AddSingleton(accountsDb);
        builder.Services.AddSingleton<BenchAccountsService>();
        await using var accountsServer = builder.Build();
        accountsServer.MapGrpcService<BenchAccountsService>();
        await accountsServer.StartAsync();
        var address = accountsServer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = null });

        // Warm-up on a tiny tenant of its own, so JIT compilation is not timed.
        await RunAsync(Outreach, channel, Guid.NewGuid(), businessDate);

        var select = await BareSelectAsync(accountsDb, tenantId);
        var selectSeconds = select.TotalSeconds;
        var select2 = await BareSelectAsync(accountsDb, tenantId);
        selectSeconds = Math.Min(selectSeconds, select2.TotalSeconds);

        var streamOnly = await StreamOnlyAsync(channel, tenantId);

        var timer = Stopwatch.StartNew();
        var run = await RunAsync(Outreach, channel, tenantId, businessDate);
        var runSeconds = timer.Elapsed.TotalSeconds;

        var engine = EngineDecisionsPerSecond();

        var ratio = selectSeconds / runSeconds;
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            # Outreach daily strategy run

            strategy_run_1m_seconds: {runSeconds:F1}
            strategy_run_vs_select: {ratio:F2}
            engine_decisions_per_second: {engine:F0}

            - Accounts: {run.AccountsSeen:N0} streamed ({accountCount:N0} seeded), {AttemptsPerAccount * accountCount:N0} past contact attempts over 180 days in Outreach's `contact_attempts`, four segments each with a champion (13 steps over 90 days) and a 20 % challenger (10 steps), 99 % of the accounts already assigned (dates spread over 120 days), 2 % held by a dispute, 20 % with a payment, 5 % with a contact profile.
            - The run: {run.AccountsAssigned:N0} new assignments (each with its `StrategyAssigned` outbox row), {run.AccountsHeld:N0} held accounts skipped, {run.ActionsPlanned:N0} actions stored (letters, emails and texts scheduled, calls queued) and {run.ActionsBlocked:N0} stored as blocked by the engine; state {run.State}.
            - End to end means: `DailyStrategyRun.RunAsync` as the service runs it — `StreamAccountBatchesForStrategy` ({BenchAccountsService.MessageBatchSize} accounts per message) over a real gRPC channel (loopback HTTP/2) from an in-process Accounts server reading PostgreSQL tables with the columns Accounts streams, keyset-ordered by account id; the consumer's numbers and addresses carried in the stream (`GetConsumer` only for accounts streamed without them); the assignment reads (a range of the index per batch) and, for the due accounts, the contact summary (`contact_summaries`, one row per account, filled after the attempts were loaded as the migration fills it) and profile reads, on a second connection while the previous batch is written; an engine decision at each action's send time in the consumer's zone; the batched insert of the actions (unique per tenant, account, date and step), the calls inserted in the agents' work queue in one statement (Outreach's account view seeded for every account) and the checkpoint, committed every {DailyStrategyRun.BatchSize:N0} accounts. Not included: sending the messages (the dispatcher sends them through the channel providers during the day).
            - Bare SELECT: the same account rows and columns (`{BenchAccountsService.StreamSql.ReplaceLineEndings(" ")}`) read with Npgsql from the same database, best of two: {selectSeconds:F2} s ({accountCount / selectSeconds:N0} rows/s) against the run's {accountCount / runSeconds:N0} rows/s.
            - The gRPC stream alone (`StreamAccountBatchesForStrategy` read to its end, nothing done with the accounts), once before the run: {streamOnly.TotalSeconds:F2} s, {selectSeconds / streamOnly.TotalSeconds:F2} of the SELECT's rows/s; the run's own stream is read ahead while batches are decided and written, and the run logs its time.
            - Engine: `ContactPolicy.Decide` single-threaded on bench/Benchmarks' typical workload (64 consumers, 8,192 requests over a week across every channel), median of 5 rounds of 2,000,000 decisions.
            - Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, PostgreSQL in a local container ({postgres.Image.FullName}); load average at the end: {LoadAverage()} (other work on the machine shares the two cores).
            - Run: `dotnet run -c Release --project bench/Outreach.StrategyRun` (needs a container runtime for PostgreSQL, as the integration tests; set `Containers__Postgres__Image` to use another image). Seeding, the warm-up and the bare SELECTs took {clock.Elapsed.TotalSeconds - runSeconds:F0} s before the timed run; the run logs where its time went (stream, reads, decisions, writes).

            """);
        var output = Path.Combine(RepositoryRoot(), "bench", "results", "outreach-strategy-run.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        // The file's hand-written notes (what each change gave) are kept below the figures.
        if (File.Exists(output) && await File.ReadAllTextAsync(output) is var previous && previous.IndexOf("\n## Notes", StringComparison.Ordinal) is var notes and >= 0)
        {
            report += previous[(notes + 1)..];
        }

        await File.WriteAllTextAsync(output, report);
        Console.Write(report);
        Console.WriteLine($"Written to {output}");
        await accountsServer.StopAsync();
    }

    private static async Task<Collections.Outreach.Domain.StrategyRun> RunAsync(Func<TenantContext, OutreachDbContext> outreach, GrpcChannel channel, Guid tenantId, DateOnly businessDate)
    {
        var tenant = new TenantContext();
        tenant.Use(tenantId);
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add(TenantHeaders.TenantId, tenantId.ToString());
            return metadata;
        });
        await using var db = outreach(tenant);
        var run = new DailyStrategyRun(db, tenant, new AccountsService.AccountsServiceClient(invoker), new ContactPolicy(), new CallQueue(db, tenant, TimeProvider.System, Options.Create(new WorkQueueOptions())), TimeProvider.System, Logs.CreateLogger<DailyStrategyRun>());
        return await run.RunAsync(businessDate, again: false, CancellationToken.None);
    }

    /// <summary>The batched gRPC stream alone, read to its end and nothing done with the accounts: the floor of the run's stream.</summary>
    private static async Task<TimeSpan> StreamOnlyAsync(GrpcChannel channel, Guid tenantId)
    {
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add(TenantHeaders.TenantId, tenantId.ToString());
            return metadata;
        });
        var timer = Stopwatch.StartNew();
        using var call = new AccountsService.AccountsServiceClient(invoker).StreamAccountBatchesForStrategy(new StreamAccountsForStrategyRequest());
        long accounts = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            accounts += call.ResponseStream.Current.Accounts.Count;
        }

        Console.WriteLine($"gRPC stream alone: {accounts:N0} accounts in {timer.Elapsed.TotalSeconds:F2} s");
        return timer.Elapsed;
    }

    private static async Task<TimeSpan> BareSelectAsync(NpgsqlDataSource accounts, Guid tenantId)
    {
        var timer = Stopwatch.StartNew();
        await using var command = accounts.CreateCommand(BenchAccountsService.StreamSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.Empty });
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetGuid(0);
            _ = reader.GetGuid(1);
            _ = reader.GetGuid(2);
            _ = reader.GetString(3);
            _ = reader.GetString(4);
            _ = reader.GetString(5);
            _ = reader.GetInt32(6);
            _ = reader.GetDecimal(7);
            _ = reader.GetString(8);
            _ = reader.GetFieldValue<string[]>(9);
            _ = reader.GetDateTime(10);
            _ = reader.IsDBNull(11) ? default : reader.GetDateTime(11);
            _ = reader.GetBoolean(12);
            _ = reader.GetFieldValue<string[]>(13);
            _ = reader.GetString(14);
            _ = reader.GetString(15);
            _ = reader.GetString(16);
            rows++;
        }

        Console.WriteLine($"Bare SELECT: {rows:N0} rows in {timer.Elapsed.TotalSeconds:F2} s");
        return timer.Elapsed;
    }

    private static double EngineDecisionsPerSecond()
    {
        var workload = new TypicalWorkload(contexts: 64, requests: 8192, seed: 20260615);
        var policy = new ContactPolicy();
        double Round(int decisions)
        {
            var sink = 0;
            var timer = Stopwatch.StartNew();
            for (var i = 0; i < decisions; i++)
            {
                var k = i & (8192 - 1);
                sink += policy.Decide(workload.Requests[k], workload.ContextOf[k]).IsAllowed ? 1 : 0;
            }

            GC.KeepAlive(sink);
            return decisions / timer.Elapsed.TotalSeconds;
        }

        Round(2_000_000);
        var rates = Enumerable.Range(0, 5).Select(_ => Round(2_000_000)).Order().ToArray();
        return rates[2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
