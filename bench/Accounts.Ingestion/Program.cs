using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Collections.Accounts.Apis;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Testcontainers.PostgreSql;

// Places generated CSV accounts through the service's ingestion path (the CSV reader and row rules of
// the placements API, then PlacementImporter) and, in the same run and on the same server, copies the
// same rows with raw binary COPY into a table identical to accounts. Usage:
//   dotnet run -c Release --project bench/Accounts.Ingestion [-- rows]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var smallRows = Math.Min(100_000, rows);
var image = Environment.GetEnvironmentVariable("Containers__Postgres__Image") is { Length: > 0 } configured ? configured : "postgres:15.1";

var work = Directory.CreateTempSubdirectory("accounts-ingestion-");
var smallFile = Path.Combine(work.FullName, "placement-100k.csv");
var largeFile = Path.Combine(work.FullName, "placement.csv");
Console.WriteLine($"Generating {smallRows:N0} and {rows:N0} rows in {work.FullName}");
PlacementFileGenerator.Write(smallFile, smallRows, seed: 7);
PlacementFileGenerator.Write(largeFile, rows, seed: 11);

await using var postgres = new PostgreSqlBuilder(image).WithUsername("bench").WithPassword("bench").Build();
await postgres.StartAsync();
var settings = await ServerSettingsAsync(postgres.GetConnectionString());
Console.WriteLine($"PostgreSQL from {image}: {settings}");

// A warm-up of both paths, so neither pays for JIT or the first connection in the timed runs.
await Runs.IngestAsync(postgres, smallFile, 20_000);
await Runs.CopyAsync(postgres, smallFile, 20_000);

var ingestSmall = await Runs.IngestAsync(postgres, smallFile, smallRows);
var copySmall = await Runs.CopyAsync(postgres, smallFile, smallRows);
var ingestLarge = await Runs.IngestAsync(postgres, largeFile, rows);
var copyLarge = await Runs.CopyAsync(postgres, largeFile, rows);

var ratio = ingestLarge.RowsPerSecond / copyLarge.RowsPerSecond;
var ratioSmall = ingestSmall.RowsPerSecond / copySmall.RowsPerSecond;
var report = new StringBuilder();
report.AppendLine("# Accounts placement ingestion vs raw binary COPY");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"ingestion_vs_copy: {ratio:0.00}");
report.AppendLine();
report.AppendLine("| run | rows | seconds | rows/s | peak working set (MiB) |");
report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
foreach (var run in new[] { ingestSmall, copySmall, ingestLarge, copyLarge })
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {run.Name} | {run.Rows:N0} | {run.Elapsed.TotalSeconds:0.00} | {run.RowsPerSecond:N0} | {run.PeakWorkingSetMiB:0} |");
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- Ratio at {smallRows:N0} rows: {ratioSmall:0.00}; at {rows:N0} rows: {ratio:0.00} (the line above).");
report.AppendLine(CultureInfo.InvariantCulture, $"- Ingestion: the CSV file read as a stream by the placements API's reader and row rules (`PlacementFile`), placed by `PlacementImporter` in batches of {PlacementImporter.DefaultBatchSize:N0}: per batch, one transaction with the in-file duplicate check, the lookups of already placed references and of known consumers, binary COPY of new consumers (and their contact history), accounts, their `Segmented` history rows, one AccountPlaced outbox row per account (carrying the segment and score) and rejects, and the placement's counters. Every row is valid; about 15 % reuse an earlier row's consumer.");
report.AppendLine("- COPY: the same file read with the same CSV reader, its account columns written with one raw Npgsql binary COPY into `accounts_copy` (`CREATE TABLE … (LIKE accounts INCLUDING ALL)`: same columns, defaults and indexes, no foreign key), no validation, consumers or outbox.");
report.AppendLine("- Each run on a fresh database of the same server; peak working set sampled every 20 ms during the run (whole process, including the file reader's buffers).");
report.AppendLine(CultureInfo.InvariantCulture, $"- Checked after the large ingestion: {ingestLarge.Check}.");
report.AppendLine(CultureInfo.InvariantCulture, $"- PostgreSQL: {image} in a Testcontainers container on loopback; {settings}.");
report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at the end: {LoadAverage()}.");
report.AppendLine("- Run: `set -a; . artifacts/containers.env; set +a; dotnet run -c Release --project bench/Accounts.Ingestion` (with `-- 100000` both sizes are 100,000 rows; the env file names the local PostgreSQL image and the Podman socket; without it the official postgres:15.1 image is pulled).");

var results = Path.Combine(RepositoryRoot(), "bench", "results", "accounts-ingestion.md");
await File.WriteAllTextAsync(results, report.ToString());
Console.WriteLine(report);
Console.WriteLine($"Written to {results}");
work.Delete(recursive: true);

static async Task<string> ServerSettingsAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var values = new List<string>();
    foreach (var setting in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers" })
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        values.Add($"{setting}={await command.ExecuteScalarAsync()}");
    }

    return string.Join(", ", values);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

/// <summary>One timed run.</summary>
internal sealed record RunResult(string Name, long Rows, TimeSpan Elapsed, double PeakWorkingSetMiB, string Check)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>The two ways of loading the same rows, each on a fresh database.</summary>
internal static class Runs
{
    private static int databases;

    public static async Task<RunResult> IngestAsync(PostgreSqlContainer postgres, string file, int rows)
    {
        var connectionString = await FreshDatabaseAsync(postgres);
        var tenantId = Guid.NewGuid();
        var clientId = Guid.NewGuid();
        var tenant = new TenantContext();
        tenant.Use(tenantId);
        var options = new DbContextOptionsBuilder<AccountsDbContext>().UseNpgsql(connectionString).Options;
        await using (var migrate = new AccountsDbContext(options, tenant))
        {
            await migrate.Database.MigrateAsync();
        }

        await using var db = new AccountsDbContext(options, tenant);
        var importer = new PlacementImporter(db, tenant, TimeProvider.System, new OutboxSignal());
        using var sampler = new WorkingSetSampler();
        var clock = Stopwatch.StartNew();
        await using (var body = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var (reader, columns, problem) = await PlacementFile.OpenCsvAsync(body, CancellationToken.None);
            if (problem is not null)
            {
                throw new InvalidOperationException(problem);
            }

            var placement = await importer.StartAsync(clientId, "csv", "client:bench", CancellationToken.None);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var done = await importer.ImportAsync(placement, Take(PlacementFile.CsvRowsAsync(reader!, columns!, clientId, today, CancellationToken.None), rows), CancellationToken.None);
            clock.Stop();
            if (done.Status != PlacementStatus.Completed || done.Accepted != rows)
            {
                throw new InvalidOperationException($"The placement ended {done.Status} with {done.Accepted} accepted, {done.Rejected} rejected: {done.Failure}");
            }
        }

        var accounts = await db.Accounts.CountAsync();
        var consumers = await db.Consumers.CountAsync();
        var events = await db.Set<OutboxMessage>().CountAsync(m => m.MessageType == typeof(AccountPlaced).FullName);
        var segmented = await db.Set<OutboxMessage>().CountAsync(m => m.MessageType == typeof(AccountSegmented).FullName);
        var history = await db.AccountHistory.CountAsync(h => h.Change == AccountChange.Segmented);
        var segments = await db.Accounts.CountAsync(a => a.Segment != null);
        if (accounts != rows || events != rows || segmented != 0 || history != rows || segments != rows)
        {
            throw new InvalidOperationException($"{accounts} accounts ({segments} segmented), {events} AccountPlaced and {segmented} AccountSegmented outbox rows, {history} history rows for {rows} rows.");
        }

        return new RunResult("ingestion", rows, clock.Elapsed, sampler.PeakMiB, $"{accounts:N0} accounts (each with its segment and score), {consumers:N0} consumers, {events:N0} AccountPlaced outbox rows (carrying the segment and score), no AccountSegmented, {history:N0} history rows");
    }

    public static async Task<RunResult> CopyAsync(PostgreSqlContainer postgres, string file, int rows)
    {
        var connectionString = await FreshDatabaseAsync(postgres);
        var tenant = new TenantContext();
        tenant.Use(Guid.NewGuid());
        await using (var migrate = new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>().UseNpgsql(connectionString).Options, tenant))
        {
            await migrate.Database.MigrateAsync();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE accounts_copy (LIKE accounts INCLUDING ALL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        using var sampler = new WorkingSetSampler();
        var clock = Stopwatch.StartNew();
        var (tenantId, clientId, now) = (tenant.RequiredTenantId, Guid.NewGuid(), DateTimeOffset.UtcNow);
        await using (var body = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var reader = new CsvRecordReader(new StreamReader(body, Encoding.UTF8, true, 64 * 1024));
            var fields = new List<string>();
            await reader.ReadAsync(fields, CancellationToken.None);
            await using var copy = await connection.BeginBinaryImportAsync(
                """
                COPY accounts_copy ("Id", "TenantId", "ClientId", "ClientReference", "OriginalCreditor", "CurrentCreditor", "ConsumerId",
                    "Jurisdiction", "Currency", "Principal", "Interest", "Fees", "Status", "PlacedAt", "ChargeOffDate", "Credit",
                    "DelinquencyDate", "LastPaymentDate", "PlacementId") FROM STDIN (FORMAT BINARY)
                """);
            for (var i = 0; i < rows && await reader.ReadAsync(fields, CancellationToken.None); i++)
            {
                copy.StartRow();
                copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                copy.Write(tenantId, NpgsqlDbType.Uuid);
                copy.Write(clientId, NpgsqlDbType.Uuid);
                copy.Write(fields[0], NpgsqlDbType.Varchar);
                copy.Write(fields[1], NpgsqlDbType.Varchar);
                copy.Write(fields[1], NpgsqlDbType.Varchar);
                copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                copy.Write(fields[7], NpgsqlDbType.Varchar);
                copy.Write(fields[8], NpgsqlDbType.Char);
                copy.Write(decimal.Parse(fields[9], CultureInfo.InvariantCulture), NpgsqlDbType.Numeric);
                copy.Write(decimal.Parse(fields[10], CultureInfo.InvariantCulture), NpgsqlDbType.Numeric);
                copy.Write(decimal.Parse(fields[11], CultureInfo.InvariantCulture), NpgsqlDbType.Numeric);
                copy.Write("Placed", NpgsqlDbType.Varchar);
                copy.Write(now, NpgsqlDbType.TimestampTz);
                WriteDate(copy, fields[13]);
                copy.Write(0m, NpgsqlDbType.Numeric);
                WriteDate(copy, fields[12]);
                WriteDate(copy, fields[14]);
                copy.Write(Guid.Empty, NpgsqlDbType.Uuid);
            }

            await copy.CompleteAsync();
        }

        clock.Stop();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM accounts_copy", connection);
        var copied = (long)(await count.ExecuteScalarAsync())!;
        if (copied != rows)
        {
            throw new InvalidOperationException($"{copied} rows copied of {rows}.");
        }

        return new RunResult("raw binary COPY", rows, clock.Elapsed, sampler.PeakMiB, $"{copied:N0} rows");
    }

    private static void WriteDate(NpgsqlBinaryImporter copy, string value)
    {
        if (value.Length == 0)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
        }
    }

    private static async IAsyncEnumerable<PlacementRow> Take(IAsyncEnumerable<PlacementRow> rows, int count)
    {
        if (count == 0)
        {
            yield break;
        }

        var taken = 0;
        await foreach (var row in rows)
        {
            yield return row;
            if (++taken == count)
            {
                yield break;
            }
        }
    }

    private static async Task<string> FreshDatabaseAsync(PostgreSqlContainer postgres)
    {
        var name = $"ingestion_{Interlocked.Increment(ref databases)}";
        await using (var connection = new NpgsqlConnection(postgres.GetConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = name }.ConnectionString;
    }
}

/// <summary>The largest working set of the process while it lives, sampled every 20 ms.</summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly Timer timer;
    private long peak;

    public WorkingSetSampler()
    {
        GC.Collect();
        peak = Environment.WorkingSet;
        timer = new Timer(_ => Sample(), null, 0, 20);
    }

    public double PeakMiB
    {
        get
        {
            Sample();
            return Interlocked.Read(ref peak) / 1024.0 / 1024.0;
        }
    }

    public void Dispose() => timer.Dispose();

    private void Sample()
    {
        var current = Environment.WorkingSet;
        long seen;
        while (current > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, current, seen) != seen)
        {
        }
    }
}

/// <summary>Writes a placement file: every row valid, references unique, about 15 % of rows owed by an earlier row's consumer.</summary>
internal static class PlacementFileGenerator
{
    private static readonly string[] FirstNames = ["Ann", "Bob", "Carla", "Dev", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jamal", "Kim", "Luis", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq"];
    private static readonly string[] LastNames = [.. Enumerable.Range(0, 400).Select(i => $"Lee{i:D3}")];
    private static readonly string[] Creditors = ["Acme Bank", "Northwind Telecom", "Contoso Health", "Fabrikam Energy", "Tailspin Retail"];
    private static readonly string[] States = ["MA", "NY", "TX", "CA", "FL", "IL", "OH", "GA", "WA", "PA"];

    public static void Write(string path, int rows, int seed)
    {
        var random = new Random(seed);
        var recent = new (string First, string Last, string Birth, string Postal)[1024];
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("client_reference,original_creditor,current_creditor,first_name,last_name,date_of_birth,postal_code,jurisdiction,currency,principal,interest,fees,delinquency_date,charge_off_date,last_payment_date\n");
        var line = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            (string First, string Last, string Birth, string Postal) person;
            if (i > recent.Length && random.NextDouble() < 0.15)
            {
                person = recent[random.Next(recent.Length)];
            }
            else
            {
                var born = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 64));
                person = (FirstNames[random.Next(FirstNames.Length)], LastNames[random.Next(LastNames.Length)], born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    random.Next(10) == 0 ? "" : random.Next(1000, 99999).ToString("D5", CultureInfo.InvariantCulture));
                recent[i % recent.Length] = person;
            }

            var delinquent = new DateOnly(2019, 1, 1).AddDays(random.Next(365 * 5));
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"ACC-{seed:D2}-{i:D9},{Creditors[random.Next(Creditors.Length)]},,{person.First},{person.Last},{person.Birth},{person.Postal},");
            line.Append(CultureInfo.InvariantCulture, $"{States[random.Next(States.Length)]},USD,{random.Next(5_000, 2_000_000) / 100m:0.00},{random.Next(0, 50_000) / 100m:0.00},{random.Next(0, 5_000) / 100m:0.00},");
            line.Append(CultureInfo.InvariantCulture, $"{delinquent:yyyy-MM-dd},{(random.Next(3) == 0 ? "" : delinquent.AddDays(180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))},");
            line.Append(random.Next(2) == 0 ? "" : delinquent.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            line.Append('\n');
            writer.Write(line);
        }
    }
}
