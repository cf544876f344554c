using Collections.Reporting.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Collections.Reporting.Benchmark;

/// <summary>
/// Bulk-loads a read model of the shape the projector writes (accounts and facts with the accounts' dimensions) with
/// COPY, deterministically from a seed. The fact indexes are dropped for the load and rebuilt afterwards, with the
/// definitions of the migration. The aggregates are filled by the projection's own triggers, which fire on COPY; each
/// account's first-RPC fact is then written by the projection's own statement.
/// </summary>
internal sealed class ReadModelLoader(string connectionString, int tenants, int accountsPerTenant, int factsPerAccount, int seed)
{
    public const int ClientsPerTenant = 10;
    public const int Agents = 50;
    public static readonly string[] Segments = ["early-low", "early-high", "mid-low", "mid-high", "late-low", "late-high"];
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public List<Guid> TenantIds { get; } = [];

    public async Task<long> LoadAsync()
    {
        var random = new Random(seed);
        for (var t = 0; t < tenants; t++)
        {
            TenantIds.Add(new Guid(random.Next(), 0, 0, [.. BitConverter.GetBytes((long)t)]));
        }

        // No command timeout: a tenant's COPY completes only once the aggregate triggers have run over it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        // The aggregate triggers fire on COPY too and group each tenant's rows in memory.
        await Execute(connection, "SET work_mem = '256MB'");
        await Execute(connection, """
            ALTER TABLE report_facts DROP CONSTRAINT "PK_report_facts";
            DROP INDEX "IX_report_facts_tenant_id_kind_occurred_at";
            DROP INDEX "IX_report_facts_account_id";
            """);

        long facts = 0;
        foreach (var tenantId in TenantIds)
        {
            facts += await LoadTenantAsync(connection, tenantId, random);
        }

        // The container's /dev/shm is Docker's default 64 MB, too small for parallel index builds and parallel hash joins.
        await Execute(connection, $"SET max_parallel_maintenance_workers = 0; ALTER DATABASE \"{connection.Database}\" SET max_parallel_workers_per_gather = 0");
        await Execute(connection, """
            ALTER TABLE report_facts ADD CONSTRAINT "PK_report_facts" PRIMARY KEY (tenant_id, kind, key);
            CREATE INDEX "IX_report_facts_tenant_id_kind_occurred_at" ON report_facts (tenant_id, kind, occurred_at);
            CREATE INDEX "IX_report_facts_account_id" ON report_facts (account_id);
            """);
        await Execute(connection, "VACUUM ANALYZE report_accounts");
        await Execute(connection, "VACUUM ANALYZE report_facts");
        // Then (with statistics, so it plans per account) each account's first RPC, by the projection's own statement (through the triggers, like the projection).
        foreach (var tenantId in TenantIds)
        {
            await Execute(connection, ReadModelProjector.FirstRpcs($"SELECT '{tenantId}'::uuid AS t, account_id AS acc FROM report_accounts WHERE tenant_id = '{tenantId}'"));
        }

        await Execute(connection, "VACUUM ANALYZE report_daily_facts");
        await Execute(connection, "VACUUM ANALYZE report_account_months");
        await Execute(connection, "VACUUM ANALYZE report_agent_days");
        return facts;
    }

    private async Task<long> LoadTenantAsync(NpgsqlConnection connection, Guid tenantId, Random random)
    {
        var clients = Enumerable.Range(0, ClientsPerTenant).Select(_ => Guid.NewGuid()).ToArray();
        var placements = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        var champion = Guid.NewGuid();
        var challenger = Guid.NewGuid();
        var accounts = new List<(Guid Id, Guid Client, Guid Placement, DateTimeOffset PlacedAt, decimal Balance, string Segment, Guid Strategy, string Arm)>(accountsPerTenant);

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY report_accounts (account_id, tenant_id, client_id, consumer_id, client_reference, placement_id, placed_at, placed_balance, currency, delinquency_date, segment, segment_at, strategy_id, strategy_name, arm, strategy_at, status, status_at, closed_at, balance, projected_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < accountsPerTenant; i++)
            {
                var month = random.Next(12);
                var placedAt = Start.AddMonths(month).AddMinutes(random.Next(28 * 24 * 60));
                var balance = Math.Round((decimal)(100 + (random.NextDouble() * 4900)), 2);
                var segment = Segments[random.Next(Segments.Length)];
                var isChallenger = random.Next(5) == 0;
                var account = (Guid.NewGuid(), clients[random.Next(clients.Length)], placements[month], placedAt, balance, segment, isChallenger ? challenger : champion, isChallenger ? "challenger" : "champion");
                accounts.Add(account);
                var closed = random.Next(5) == 0 ? placedAt.AddDays(30 + random.Next(200)) : (DateTimeOffset?)null;
                await writer.StartRowAsync();
                await writer.WriteAsync(account.Item1, NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(account.Item2, NpgsqlDbType.Uuid);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync($"REF-{i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(account.Item3, NpgsqlDbType.Uuid);
                await writer.WriteAsync(placedAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(balance, NpgsqlDbType.Numeric);
                await writer.WriteAsync("USD", NpgsqlDbType.Char);
                await writer.WriteAsync(DateOnly.FromDateTime(placedAt.UtcDateTime).AddDays(-(60 + random.Next(340))), NpgsqlDbType.Date);
                await writer.WriteAsync(segment, NpgsqlDbType.Varchar);
                await writer.WriteAsync(placedAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(account.Item7, NpgsqlDbType.Uuid);
                await writer.WriteAsync(account.Item8, NpgsqlDbType.Varchar);
                await writer.WriteAsync(account.Item8, NpgsqlDbType.Varchar);
                await writer.WriteAsync(placedAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(closed is null ? "Active" : "PaidInFull", NpgsqlDbType.Varchar);
                await writer.WriteAsync(closed ?? placedAt, NpgsqlDbType.TimestampTz);
                if (closed is { } c)
                {
                    await writer.WriteAsync(c, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await writer.WriteNullAsync();
                }

                await writer.WriteAsync(balance, NpgsqlDbType.Numeric);
                await writer.WriteAsync(placedAt, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        long facts = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY report_facts (tenant_id, kind, key, account_id, client_id, occurred_at, agent, amount, currency, channel, connected, due_date, account_known, placed_at, placement_id, segment, strategy_id, arm, parent_occurred_at, parent_agent) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var account in accounts)
            {
                // Per account: attempts, one RPC with a promise kept or broken, one payment (5% reversed), a dispute or complaint now and then.
                var agent = $"agent-{random.Next(Agents)}";
                var paymentKey = Guid.NewGuid().ToString();
                var promiseKey = Guid.NewGuid().ToString();
                var times = new DateTimeOffset[factsPerAccount];
                for (var f = 0; f < factsPerAccount; f++)
                {
                    times[f] = (f == 0 ? account.PlacedAt : times[f - 1]).AddHours(1 + random.Next(24 * 18));
                }

                for (var f = 0; f < factsPerAccount; f++)
                {
                    var at = times[f];
                    var key = f == 9 ? paymentKey : f is 7 or 8 ? promiseKey : Guid.NewGuid().ToString();
                    string kind;
                    decimal? amount = null;
                    var connected = false;
                    string? channel = null;
                    var factAgent = (string?)agent;
                    switch (f)
                    {
                        case 6: kind = "rpc"; channel = "Call"; break;
                        case 7: kind = "ptp"; amount = Math.Round(account.Balance / 4, 2); break;
                        case 8: kind = random.Next(2) == 0 ? "ptp-kept" : "ptp-broken"; factAgent = null; break;
                        case 9: kind = "payment"; amount = Math.Round(account.Balance / 5, 2); channel = "card"; break;
                        default:
                            kind = f == 5 && random.Next(20) == 0 ? "reversal" : f == 4 && random.Next(50) == 0 ? "dispute" : "attempt";
                            channel = kind == "attempt" ? "Call" : null;
                            connected = kind == "attempt" && random.Next(10) < 4;
                            amount = kind == "reversal" ? Math.Round(account.Balance / 5, 2) : null;
                            factAgent = kind == "attempt" ? agent : null;
                            key = kind == "reversal" ? paymentKey : key;
                            break;
                    }

                    await writer.StartRowAsync();
                    await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(kind, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(key, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(account.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(account.Client, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await WriteNullable(writer, factAgent, NpgsqlDbType.Varchar);
                    await WriteNullable(writer, amount, NpgsqlDbType.Numeric);
                    await writer.WriteAsync("USD", NpgsqlDbType.Char);
                    await WriteNullable(writer, channel, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(connected, NpgsqlDbType.Boolean);
                    await writer.WriteNullAsync();
                    await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                    await writer.WriteAsync(account.PlacedAt, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(account.Placement, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(account.Segment, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(account.Strategy, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(account.Arm, NpgsqlDbType.Varchar);

                    // A reversal carries its payment's instant and agent, an outcome its promise's (as the projector sets them).
                    var parent = kind == "reversal" && factsPerAccount > 9 ? 9 : kind is "ptp-kept" or "ptp-broken" ? 7 : -1;
                    await WriteNullable(writer, parent < 0 ? null : (DateTimeOffset?)times[parent], NpgsqlDbType.TimestampTz);
                    await WriteNullable(writer, parent < 0 ? null : agent, NpgsqlDbType.Varchar);
                    facts++;
                }
            }

            await writer.CompleteAsync();
        }

        return facts;
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await writer.WriteNullAsync();
        }
        else
        {
            await writer.WriteAsync(value, type);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
