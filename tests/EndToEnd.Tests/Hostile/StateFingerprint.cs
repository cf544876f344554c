using System.Text;
using Npgsql;

namespace Collections.EndToEnd.Tests.Hostile;

/// <summary>
/// A fingerprint of everything one tenant owns in every database of the platform: for each table with a
/// tenant column (<c>TenantId</c> or <c>tenant_id</c>), the number of the tenant's rows and an MD5 over the text of each of them
/// (sorted, so the order rows come back in does not matter). Two fingerprints differ when any row of the
/// tenant was inserted, updated or deleted. Other tenants' rows (other tests run in parallel) are not read.
/// </summary>
/// <remarks>
/// Left out, because the platform writes them on purpose for refused requests or in the background:
/// the gateway's audit trail (every state-changing request, refused ones included, is audited), the
/// consumer sign-in guards (failed sign-ins count towards a lockout), and the outbox and inbox tables
/// (the dispatcher marks messages sent; the state change behind an event is in the same transaction as
/// its outbox row, so it is caught in its own table).
/// </remarks>
public sealed class StateFingerprint
{
    private static readonly HashSet<string> Excluded = ["audit_entries", "consumer_sign_in_guards", "outbox_messages", "inbox_messages", "data_protection_keys"];

    private readonly IReadOnlyDictionary<string, string> connectionStrings;
    private readonly Dictionary<string, List<(string Table, string Column)>> tables = [];

    public StateFingerprint(IReadOnlyDictionary<string, string> connectionStrings) => this.connectionStrings = connectionStrings;

    public int TableCount => tables.Values.Sum(t => t.Count);

    public string Describe() => string.Join(", ", tables.Select(d => $"{d.Key} {d.Value.Count}"));

    /// <summary>Table → "rows:md5" for the tenant's rows.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TakeAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (database, connectionString) in connectionStrings)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            if (!tables.TryGetValue(database, out var names))
            {
                names = [];
                await using var list = new NpgsqlCommand(
                    "select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name " +
                    "where c.table_schema = 'public' and c.column_name in ('tenant_id', 'TenantId') and t.table_type = 'BASE TABLE' order by c.table_name", connection);
                await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var name = reader.GetString(0);
                        if (!Excluded.Contains(name))
                        {
                            names.Add((name, reader.GetString(1)));
                        }
                    }
                }

                tables[database] = names;
            }

            if (names.Count == 0)
            {
                continue;
            }

            var sql = new StringBuilder();
            foreach (var (name, column) in names)
            {
                if (sql.Length > 0)
                {
                    sql.Append(" union all ");
                }

                sql.Append("select '").Append(name).Append("', count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') from \"")
                    .Append(name).Append("\" x where x.\"").Append(column).Append("\" = @tenant");
            }

            await using var command = new NpgsqlCommand(sql.ToString(), connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                result[$"{database}.{rows.GetString(0)}"] = rows.GetString(1);
            }
        }

        return result;
    }

    /// <summary>Waits until two fingerprints taken <paramref name="interval"/> apart agree (events of earlier accepted writes have landed).</summary>
    public async Task<IReadOnlyDictionary<string, string>> SettledAsync(Guid tenantId, TimeSpan interval, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + deadline;
        var previous = await TakeAsync(tenantId, cancellationToken);
        while (true)
        {
            await Task.Delay(interval, cancellationToken);
            var current = await TakeAsync(tenantId, cancellationToken);
            if (Differences(previous, current).Count == 0 || DateTimeOffset.UtcNow > until)
            {
                return current;
            }

            previous = current;
        }
    }

    public static List<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b)
            .Select(k => $"{k} ({(before.TryGetValue(k, out var b) ? b.Split(':')[0] : "-")} → {(after.TryGetValue(k, out var a) ? a.Split(':')[0] : "-")} rows)")
            .ToList();
}
