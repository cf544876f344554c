using System.Globalization;
using System.Text.Json;
using Collections.Contracts.Events;
using Collections.Reporting.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Collections.Reporting.Infrastructure;

/// <summary>
/// Writes integration events into the read model: first into the append-only event log, then into the account and
/// fact tables, many messages per transaction with their inbox records. Idempotent by natural key (a repeat of a payment id, attempt id,
/// promise id… under any message id is neither logged nor counted again) and order-tolerant (facts are keyed by
/// account and pick up the account's dimensions whenever those arrive; each account dimension keeps the newest value
/// by occurrence time).
/// </summary>
public sealed class ReadModelProjector(ReportingDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The events Reporting projects, by the name the event log stores.</summary>
    public static readonly IReadOnlyDictionary<string, Type> EventTypes = new[]
    {
        typeof(AccountPlaced), typeof(AccountSegmented), typeof(StrategyAssigned), typeof(AccountBalanceChanged),
        typeof(AccountStatusChanged), typeof(AccountHoldChanged), typeof(AccountRecalled), typeof(ContactAttempted),
        typeof(RightPartyContacted), typeof(PromiseToPayMade), typeof(PromiseToPayKept), typeof(PromiseToPayBroken),
        typeof(PaymentPosted), typeof(PaymentReversed), typeof(PaymentPlanCreated), typeof(SettlementAgreed),
        typeof(SettlementFulfilled), typeof(DisputeOpened), typeof(DisputeResolved), typeof(ComplaintOpened),
        typeof(ComplaintResolved), typeof(RemittanceStatementIssued),
    }.ToDictionary(t => t.Name);

    private static readonly string[] ClosedStatuses = ["PaidInFull", "SettledInFull", "Recalled", "ReturnedUncollectible", "ClosedAfterDispute"];

    /// <summary>Reads a logged event back into its contract type.</summary>
    public static IntegrationEvent Deserialize(string eventType, string payload) =>
        (IntegrationEvent)(JsonSerializer.Deserialize(payload, EventTypes[eventType], Json)
            ?? throw new InvalidOperationException($"Logged {eventType} has an empty payload."));

    /// <summary>
    /// Records many delivered messages in one transaction: each message in the inbox (a message id already recorded for
    /// its queue is skipped, as the inbox filter would), each new event in the event log (an event seen before by id or
    /// natural key is skipped), then projects the new events set-based. Returns how many events were new.
    /// </summary>
    public async Task<int> RecordAndProjectAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var now = clock.GetUtcNow();

        // The inbox: one row per (message id, queue); only the messages whose row is new go on.
        var recorded = new HashSet<(Guid, string)>();
        await using (var inbox = new NpgsqlCommand(
            "INSERT INTO inbox_messages (message_id, consumer, processed_at) SELECT m, q, $3 FROM unnest($1::uuid[], $2::text[]) AS v(m, q) ON CONFLICT DO NOTHING RETURNING message_id, consumer",
            connection))
        {
            inbox.Parameters.Add(new NpgsqlParameter { Value = deliveries.Select(d => d.MessageId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            inbox.Parameters.Add(new NpgsqlParameter { Value = deliveries.Select(d => d.Queue).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            inbox.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await inbox.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        var events = deliveries.Where(d => recorded.Remove((d.MessageId, d.Queue))).Select(d => d.Event).ToList();
        if (events.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        await LockAsync(connection, events, cancellationToken);

        // The event log: an event id or natural key seen before is not logged, and not projected, again.
        var logged = new HashSet<Guid>();
        await using (var log = new NpgsqlCommand("""
            INSERT INTO event_log (tenant_id, event_id, event_type, natural_key, occurred_at, recorded_at, payload)
            SELECT t, e, ty, k, o, $7, p::jsonb
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) WITH ORDINALITY AS v(t, e, ty, k, o, p, n)
            ORDER BY n
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """, connection))
        {
            log.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.TenantId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            log.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.EventId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            log.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.GetType().Name).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            log.Parameters.Add(new NpgsqlParameter { Value = events.Select(NaturalKey).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            log.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => Utc(e.OccurredAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            log.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => JsonSerializer.Serialize(e, e.GetType(), Json)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            log.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await log.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                logged.Add(reader.GetGuid(0));
            }
        }

        var fresh = events.Where(e => logged.Remove(e.EventId)).ToList();
        await ProjectAsync(fresh, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fresh.Count;
    }

    /// <summary>Logs and projects one event in a transaction of its own (inbox included).</summary>
    public async Task<bool> RecordAndProjectAsync(IntegrationEvent evt, Guid messageId, string queue, CancellationToken cancellationToken) =>
        await RecordAndProjectAsync([new Delivery(evt, messageId, queue)], cancellationToken) == 1;

    /// <summary>
    /// Applies events, in order, to the account, fact and statement tables (no logging, no dedupe by message) in one round
    /// trip: the account and statement events one statement each in arrival order, then every fact in one set-based insert
    /// (each picks up its account's dimensions as they now are), then one set-based fix-up of the facts of every account
    /// whose placement, segment or strategy arrived. The daily aggregates follow the facts and accounts by trigger.
    /// </summary>
    public async Task ProjectAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection);
        var facts = new List<FactRow>();
        var fixUps = new List<(Guid Tenant, Guid Account)>();
        // Placements, segments and strategies: one statement per kind for the whole batch (each sets its own columns, so
        // their order does not matter; of one account's events of a kind only the one a sequence would leave counts).
        var now = clock.GetUtcNow();
        var placed = Latest(events.OfType<AccountPlaced>(), byInstant: false);
        var segmented = Latest(events.OfType<AccountSegmented>(), byInstant: true);
        var assigned = Latest(events.OfType<StrategyAssigned>(), byInstant: true);
        if (placed.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, client_reference, placement_id, placed_at, placed_balance, currency, delinquency_date,
                    segment, segment_at, projected_at)
                SELECT a, t, c, co, r, p, o, b, cu, d, s, sa, $11
                FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::timestamptz[], $8::numeric[], $9::text[], $10::date[],
                    $12::text[], $13::timestamptz[]) AS v(a, t, c, co, r, p, o, b, cu, d, s, sa)
                ON CONFLICT (account_id) DO UPDATE SET client_id = excluded.client_id, consumer_id = excluded.consumer_id, client_reference = excluded.client_reference,
                    placement_id = excluded.placement_id, placed_at = excluded.placed_at, placed_balance = excluded.placed_balance, currency = excluded.currency,
                    delinquency_date = excluded.delinquency_date, projected_at = excluded.projected_at,
                    segment = CASE WHEN excluded.segment IS NOT NULL AND (report_accounts.segment_at IS NULL OR report_accounts.segment_at <= excluded.segment_at)
                        THEN excluded.segment ELSE report_accounts.segment END,
                    segment_at = CASE WHEN excluded.segment IS NOT NULL AND (report_accounts.segment_at IS NULL OR report_accounts.segment_at <= excluded.segment_at)
                        THEN excluded.segment_at ELSE report_accounts.segment_at END
                WHERE report_accounts.tenant_id = excluded.tenant_id
                """);
            Array(command, placed.Select(e => e.AccountId), NpgsqlDbType.Uuid);
            Array(command, placed.Select(e => e.TenantId), NpgsqlDbType.Uuid);
            Array(command, placed.Select(e => e.ClientId), NpgsqlDbType.Uuid);
            Array(command, placed.Select(e => e.ConsumerId), NpgsqlDbType.Uuid);
            Array(command, placed.Select(e => e.ClientReference), NpgsqlDbType.Text);
            Array(command, placed.Select(e => e.PlacementId), NpgsqlDbType.Uuid);
            Array(command, placed.Select(e => Utc(e.OccurredAt)), NpgsqlDbType.TimestampTz);
            Array(command, placed.Select(e => e.PlacedBalance), NpgsqlDbType.Numeric);
            Array(command, placed.Select(e => e.Currency), NpgsqlDbType.Text);
            Array(command, placed.Select(e => e.DelinquencyDate), NpgsqlDbType.Date);
            command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });

            // The initial segment travels on AccountPlaced; a later AccountSegmented (in any order) still wins.
            Array(command, placed.Select(e => e.Segment), NpgsqlDbType.Text);
            Array(command, placed.Select(e => e.Segment is null ? (DateTimeOffset?)null : Utc(e.OccurredAt)), NpgsqlDbType.TimestampTz);
            batch.BatchCommands.Add(command);
        }

        if (segmented.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, segment, segment_at, projected_at)
                SELECT a, t, c, '00000000-0000-0000-0000-000000000000'::uuid, s, o, $6
                FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[]) AS v(a, t, c, s, o)
                ON CONFLICT (account_id) DO UPDATE SET segment = excluded.segment, segment_at = excluded.segment_at, projected_at = excluded.projected_at
                WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.segment_at IS NULL OR report_accounts.segment_at <= excluded.segment_at)
                """);
            Array(command, segmented.Select(e => e.AccountId), NpgsqlDbType.Uuid);
            Array(command, segmented.Select(e => e.TenantId), NpgsqlDbType.Uuid);
            Array(command, segmented.Select(e => e.ClientId), NpgsqlDbType.Uuid);
            Array(command, segmented.Select(e => e.Segment), NpgsqlDbType.Text);
            Array(command, segmented.Select(e => Utc(e.OccurredAt)), NpgsqlDbType.TimestampTz);
            command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }

        if (assigned.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, strategy_id, strategy_name, arm, strategy_at, projected_at)
                SELECT a, t, c, '00000000-0000-0000-0000-000000000000'::uuid, s, n, r, o, $8
                FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[]) AS v(a, t, c, s, n, r, o)
                ON CONFLICT (account_id) DO UPDATE SET strategy_id = excluded.strategy_id, strategy_name = excluded.strategy_name, arm = excluded.arm,
                    strategy_at = excluded.strategy_at, projected_at = excluded.projected_at
                WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.strategy_at IS NULL OR report_accounts.strategy_at <= excluded.strategy_at)
                """);
            Array(command, assigned.Select(e => e.AccountId), NpgsqlDbType.Uuid);
            Array(command, assigned.Select(e => e.TenantId), NpgsqlDbType.Uuid);
            Array(command, assigned.Select(e => e.ClientId), NpgsqlDbType.Uuid);
            Array(command, assigned.Select(e => e.StrategyId), NpgsqlDbType.Uuid);
            Array(command, assigned.Select(e => e.StrategyName), NpgsqlDbType.Text);
            Array(command, assigned.Select(e => e.Arm), NpgsqlDbType.Text);
            Array(command, assigned.Select(e => Utc(e.OccurredAt)), NpgsqlDbType.TimestampTz);
            command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }

        fixUps.AddRange(placed.Concat<IntegrationEvent>(segmented).Concat(assigned).Select(e => (e.TenantId, AccountOf(e)!.Value)));

        // Other account events touch shared columns (a status and a recall both set closed_at): one statement each, in arrival order.
        foreach (var evt in events)
        {
            if (Fact(evt) is { } fact)
            {
                facts.Add(fact);
            }
            else if (evt is not (AccountPlaced or AccountSegmented or StrategyAssigned) && Statement(evt) is { } statement)
            {
                batch.BatchCommands.Add(Command(statement));
            }
        }

        if (facts.Count > 0)
        {
            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO report_facts (tenant_id, kind, key, account_id, client_id, occurred_at, agent, amount, currency, channel, connected, due_date,
                    account_known, placed_at, placement_id, segment, strategy_id, arm)
                SELECT v.tenant_id, v.kind, v.key, v.account_id, v.client_id, v.occurred_at, v.agent, v.amount, v.currency, v.channel, v.connected, v.due_date,
                    a.placed_at IS NOT NULL AND {ParentKnown("v")}, a.placed_at, a.placement_id, a.segment, a.strategy_id, a.arm
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::text[], $8::numeric[], $9::text[], $10::text[], $11::bool[], $12::date[])
                    WITH ORDINALITY AS v(tenant_id, kind, key, account_id, client_id, occurred_at, agent, amount, currency, channel, connected, due_date, n)
                LEFT JOIN report_accounts a ON a.account_id = v.account_id AND a.tenant_id = v.tenant_id
                ORDER BY v.n
                ON CONFLICT DO NOTHING
                """);
            Array(insert, facts.Select(f => f.TenantId), NpgsqlDbType.Uuid);
            Array(insert, facts.Select(f => f.Kind), NpgsqlDbType.Text);
            Array(insert, facts.Select(f => f.Key), NpgsqlDbType.Text);
            Array(insert, facts.Select(f => f.AccountId), NpgsqlDbType.Uuid);
            Array(insert, facts.Select(f => f.ClientId), NpgsqlDbType.Uuid);
            Array(insert, facts.Select(f => Utc(f.OccurredAt)), NpgsqlDbType.TimestampTz);
            Array(insert, facts.Select(f => f.Agent), NpgsqlDbType.Text);
            Array(insert, facts.Select(f => f.Amount), NpgsqlDbType.Numeric);
            Array(insert, facts.Select(f => f.Currency), NpgsqlDbType.Text);
            Array(insert, facts.Select(f => f.Channel), NpgsqlDbType.Text);
            Array(insert, facts.Select(f => f.Connected), NpgsqlDbType.Boolean);
            Array(insert, facts.Select(f => f.Due), NpgsqlDbType.Date);
            batch.BatchCommands.Add(insert);

            // A reversal or an outcome whose payment or promise came in this batch (or before it, in the same statement) takes
            // its parent's instant and agent, and counts now if its account is placed.
            var children = new NpgsqlBatchCommand($"""
                UPDATE report_facts c SET account_known = c.placed_at IS NOT NULL, parent_occurred_at = p.occurred_at, parent_agent = p.agent
                FROM (SELECT DISTINCT t, k FROM unnest($1::uuid[], $2::text[]) AS v(t, k)) v, report_facts p
                WHERE c.tenant_id = v.t AND c.key = v.k AND c.kind IN ({ChildKinds})
                  AND p.tenant_id = c.tenant_id AND p.key = c.key AND p.kind = CASE c.kind WHEN '{FactKinds.Reversal}' THEN '{FactKinds.Payment}' ELSE '{FactKinds.Promise}' END
                  AND (c.parent_occurred_at IS NULL OR (NOT c.account_known AND c.placed_at IS NOT NULL))
                """);
            Array(children, facts.Select(f => f.TenantId), NpgsqlDbType.Uuid);
            Array(children, facts.Select(f => f.Key), NpgsqlDbType.Text);
            batch.BatchCommands.Add(children);
        }

        if (fixUps.Count > 0)
        {
            // Copies each account's current dimensions onto every fact about it that lacks them, including those that arrived first
            // (facts written in this batch after their account already have them, and are left alone).
            var fixUp = new NpgsqlBatchCommand($"""
                UPDATE report_facts f SET account_known = a.placed_at IS NOT NULL AND {ParentKnown("f")}, placed_at = a.placed_at, placement_id = a.placement_id,
                    segment = a.segment, strategy_id = a.strategy_id, arm = a.arm
                FROM (SELECT DISTINCT t, acc FROM unnest($1::uuid[], $2::uuid[]) AS v(t, acc)) v
                JOIN report_accounts a ON a.account_id = v.acc AND a.tenant_id = v.t
                WHERE f.account_id = a.account_id AND f.tenant_id = a.tenant_id
                  AND (f.account_known, f.placed_at, f.placement_id, f.segment, f.strategy_id, f.arm)
                      IS DISTINCT FROM (a.placed_at IS NOT NULL AND {ParentKnown("f")}, a.placed_at, a.placement_id, a.segment, a.strategy_id, a.arm)
                """);
            Array(fixUp, fixUps.Select(f => f.Tenant), NpgsqlDbType.Uuid);
            Array(fixUp, fixUps.Select(f => f.Account), NpgsqlDbType.Uuid);
            batch.BatchCommands.Add(fixUp);
        }

        var resolving = facts.Where(f => f.AccountId is not null && f.Kind is FactKinds.RightPartyContact or FactKinds.Payment or FactKinds.PaymentPlan or FactKinds.Settlement).ToList();
        if (resolving.Count > 0)
        {
            var firsts = new NpgsqlBatchCommand(FirstRpcs("SELECT DISTINCT t, acc FROM unnest($1::uuid[], $2::uuid[]) AS v(t, acc)"));
            Array(firsts, resolving.Select(f => f.TenantId), NpgsqlDbType.Uuid);
            Array(firsts, resolving.Select(f => f.AccountId), NpgsqlDbType.Uuid);
            batch.BatchCommands.Add(firsts);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sets the <see cref="FactKinds.FirstRpc"/> fact of each account <paramref name="accounts"/> lists (a query giving
    /// <c>(t, acc)</c>: tenant and account) from its RPC, payment, plan and settlement facts as they now are: the first RPC
    /// (by instant, then key), its agent, the account's dimensions, and <c>connected</c> when a payment, plan or settlement
    /// followed it before the next RPC and within 24 hours. Unchanged facts are left alone, so the aggregates see only changes.
    /// </summary>
    public static string FirstRpcs(string accounts) => $"""
        INSERT INTO report_facts AS d (tenant_id, kind, key, account_id, client_id, occurred_at, agent, connected, account_known,
            placed_at, placement_id, segment, strategy_id, arm)
        SELECT r.tenant_id, '{FactKinds.FirstRpc}', r.account_id::text, r.account_id, r.client_id, r.occurred_at, r.agent,
               EXISTS (SELECT 1 FROM report_facts x
                       WHERE x.account_id = r.account_id AND x.tenant_id = r.tenant_id
                         AND x.kind IN ('{FactKinds.Payment}', '{FactKinds.PaymentPlan}', '{FactKinds.Settlement}')
                         AND x.occurred_at >= r.occurred_at
                         AND x.occurred_at < LEAST(r.occurred_at + interval '24 hours', coalesce(
                             (SELECT n.occurred_at FROM report_facts n
                              WHERE n.account_id = r.account_id AND n.tenant_id = r.tenant_id AND n.kind = '{FactKinds.RightPartyContact}'
                                AND (n.occurred_at, n.key) > (r.occurred_at, r.key)
                              ORDER BY n.occurred_at, n.key LIMIT 1), 'infinity'::timestamptz))),
               r.account_known, r.placed_at, r.placement_id, r.segment, r.strategy_id, r.arm
        FROM ({accounts}) v
        CROSS JOIN LATERAL (SELECT f.* FROM report_facts f
                            WHERE f.account_id = v.acc AND f.tenant_id = v.t AND f.kind = '{FactKinds.RightPartyContact}'
                            ORDER BY f.occurred_at, f.key LIMIT 1) r
        ON CONFLICT (tenant_id, kind, key) DO UPDATE SET
            client_id = excluded.client_id, occurred_at = excluded.occurred_at, agent = excluded.agent, connected = excluded.connected,
            account_known = excluded.account_known, placed_at = excluded.placed_at, placement_id = excluded.placement_id,
            segment = excluded.segment, strategy_id = excluded.strategy_id, arm = excluded.arm
        WHERE (d.client_id, d.occurred_at, d.agent, d.connected, d.account_known, d.placed_at, d.placement_id, d.segment, d.strategy_id, d.arm)
            IS DISTINCT FROM (excluded.client_id, excluded.occurred_at, excluded.agent, excluded.connected, excluded.account_known,
                              excluded.placed_at, excluded.placement_id, excluded.segment, excluded.strategy_id, excluded.arm)
        """;

    /// <summary>
    /// Of each account's events of one kind, the one applying them in arrival order would leave: the newest by occurrence
    /// (the last to arrive among equals) when <paramref name="byInstant"/>, else the last to arrive.
    /// </summary>
    private static List<T> Latest<T>(IEnumerable<T> events, bool byInstant)
        where T : IntegrationEvent
    {
        var latest = new Dictionary<Guid, T>();
        foreach (var evt in events)
        {
            var account = AccountOf(evt)!.Value;
            if (!byInstant || !latest.TryGetValue(account, out var kept) || kept.OccurredAt <= evt.OccurredAt)
            {
                latest[account] = evt;
            }
        }

        return [.. latest.Values];
    }

    /// <summary>The kinds of fact that belong to another one: a reversal to its payment, an outcome to its promise.</summary>
    private const string ChildKinds = $"'{FactKinds.Reversal}', '{FactKinds.PromiseKept}', '{FactKinds.PromiseBroken}'";

    /// <summary>
    /// A reversal or a promise's outcome counts only once the payment or promise it belongs to is known (as the KPIs have
    /// always read it): this is part of its <c>account_known</c>, so the aggregates count it from then on.
    /// </summary>
    private static string ParentKnown(string alias) => $"""
        ({alias}.kind NOT IN ({ChildKinds}) OR EXISTS (SELECT 1 FROM report_facts p WHERE p.tenant_id = {alias}.tenant_id AND p.key = {alias}.key
            AND p.kind = CASE {alias}.kind WHEN '{FactKinds.Reversal}' THEN '{FactKinds.Payment}' ELSE '{FactKinds.Promise}' END))
        """;

    /// <summary>
    /// Serialises projections of one account across transactions (so a fact and its account's fix-up never miss each
    /// other) and lets a rebuild of a tenant exclude them all: the tenants' shared locks, then the accounts' exclusive
    /// ones, each in a fixed order so two batches never wait for each other in a cycle.
    /// </summary>
    private static async Task LockAsync(NpgsqlConnection connection, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        var tenants = new NpgsqlBatchCommand("SELECT count(pg_advisory_xact_lock_shared(h)) FROM (SELECT DISTINCT hashtextextended(t, 1) AS h FROM unnest($1::text[]) AS t ORDER BY 1) s");
        Array(tenants, events.Select(e => e.TenantId.ToString()).Distinct(), NpgsqlDbType.Text);
        var accounts = new NpgsqlBatchCommand("SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended(a, 0) AS h FROM unnest($1::text[]) AS a ORDER BY 1) s");
        Array(accounts, events.Select(e => (AccountOf(e) ?? e.TenantId).ToString()).Distinct(), NpgsqlDbType.Text);
        batch.BatchCommands.Add(tenants);
        batch.BatchCommands.Add(accounts);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statement that applies an event that is not a fact (accounts, statements), or null.</summary>
    private FormattableString? Statement(IntegrationEvent evt) => evt switch
    {
        AccountBalanceChanged e => $"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, balance, balance_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {e.Balance}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, balance_at = excluded.balance_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.balance_at IS NULL OR report_accounts.balance_at <= excluded.balance_at)
            """,
        AccountStatusChanged e => $"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, status, status_at, closed_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {e.To}, {Utc(e.OccurredAt)}, {(ClosedStatuses.Contains(e.To) ? Utc(e.OccurredAt) : null)}::timestamptz, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, closed_at = excluded.closed_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.status_at IS NULL OR report_accounts.status_at <= excluded.status_at)
            """,
        AccountHoldChanged e => $"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, holds, holds_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {string.Join(',', e.Holds)}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET holds = excluded.holds, holds_at = excluded.holds_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.holds_at IS NULL OR report_accounts.holds_at <= excluded.holds_at)
            """,
        AccountRecalled e => $"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, recalled_at, closed_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {Utc(e.OccurredAt)}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET recalled_at = excluded.recalled_at, closed_at = COALESCE(report_accounts.closed_at, excluded.closed_at), projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id
            """,
        RemittanceStatementIssued e => $"""
            INSERT INTO remittance_statements (statement_id, tenant_id, client_id, period_start, period_end, collected, reversed, fees, net_due, currency, issued_at)
            VALUES ({e.StatementId}, {e.TenantId}, {e.ClientId}, {e.PeriodStart}, {e.PeriodEnd}, {e.Collected}, {e.Reversed}, {e.Fees}, {e.NetDue}, {e.Currency}, {Utc(e.OccurredAt)})
            ON CONFLICT DO NOTHING
            """,
        _ => null,
    };

    /// <summary>The fact an event is, or null when it is about an account or a statement.</summary>
    private static FactRow? Fact(IntegrationEvent evt) => evt switch
    {
        ContactAttempted e => new(e.TenantId, FactKinds.Attempt, e.AttemptId, e.AccountId, e.ClientId, e.AttemptedAt,
            Agent: e.RecordedBy, Channel: e.Channel, Connected: e.Channel == "Call" && IsConnected(e.Outcome)),
        RightPartyContacted e => new(e.TenantId, FactKinds.RightPartyContact, e.AttemptId, e.AccountId, e.ClientId, e.ContactedAt,
            Agent: e.AgentId, Channel: e.Channel),
        PromiseToPayMade e => new(e.TenantId, FactKinds.Promise, e.PromiseId, e.AccountId, e.ClientId, e.OccurredAt,
            Agent: e.RecordedBy, Amount: e.Amount, Currency: e.Currency, Due: e.DueDate),
        PromiseToPayKept e => new(e.TenantId, FactKinds.PromiseKept, e.PromiseId, e.AccountId, e.ClientId, e.OccurredAt,
            Amount: e.AmountPaid, Currency: e.Currency),
        PromiseToPayBroken e => new(e.TenantId, FactKinds.PromiseBroken, e.PromiseId, e.AccountId, e.ClientId, e.OccurredAt,
            Amount: e.AmountPaid, Currency: e.Currency, Due: e.DueDate),
        PaymentPosted e => new(e.TenantId, FactKinds.Payment, e.PaymentId, e.AccountId, e.ClientId, e.OccurredAt,
            Agent: e.RecordedBy, Amount: e.Amount, Currency: e.Currency, Channel: e.Method),
        PaymentReversed e => new(e.TenantId, FactKinds.Reversal, e.PaymentId, e.AccountId, e.ClientId, e.OccurredAt,
            Amount: e.Amount, Currency: e.Currency),
        PaymentPlanCreated e => new(e.TenantId, FactKinds.PaymentPlan, e.PaymentPlanId, e.AccountId, e.ClientId, e.OccurredAt,
            Agent: e.CreatedBy, Amount: e.Total, Currency: e.Currency),
        SettlementAgreed e => new(e.TenantId, FactKinds.Settlement, e.SettlementId, e.AccountId, e.ClientId, e.OccurredAt,
            Amount: e.Amount, Currency: e.Currency),
        SettlementFulfilled e => new(e.TenantId, FactKinds.SettlementFulfilled, e.SettlementId, e.AccountId, e.ClientId, e.OccurredAt,
            Amount: e.SettledAmount, Currency: e.Currency),
        DisputeOpened e => new(e.TenantId, FactKinds.Dispute, e.DisputeId, e.AccountId, e.ClientId, e.OccurredAt, Channel: e.Channel),
        DisputeResolved e => new(e.TenantId, FactKinds.DisputeResolved, e.DisputeId, e.AccountId, e.ClientId, e.OccurredAt),
        ComplaintOpened e => new(e.TenantId, FactKinds.Complaint, e.ComplaintId, e.AccountId, e.ClientId, e.OccurredAt, Agent: e.AgentId),
        ComplaintResolved e => new(e.TenantId, FactKinds.ComplaintResolved, e.ComplaintId, e.AccountId, e.ClientId, e.OccurredAt),
        _ => null,
    };

    /// <summary>A formattable statement as a batch command with positional parameters (values never go into the SQL text).</summary>
    private static NpgsqlBatchCommand Command(FormattableString sql)
    {
        var arguments = sql.GetArguments();
        var command = new NpgsqlBatchCommand(string.Format(CultureInfo.InvariantCulture, sql.Format, [.. Enumerable.Range(1, arguments.Length).Select(i => (object)$"${i}")]));
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument ?? DBNull.Value });
        }

        return command;
    }

    private static void Array<T>(NpgsqlBatchCommand command, IEnumerable<T> values, NpgsqlDbType type) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type });

    private static DateTimeOffset Utc(DateTimeOffset instant) => instant.ToUniversalTime();

    /// <summary>A person answered the call (anything but no connection, no answer or a voicemail).</summary>
    private static bool IsConnected(string outcome) => outcome is not ("NotConnected" or "NoAnswer" or "Voicemail" or "Sent");

    private static Guid? AccountOf(IntegrationEvent evt) => evt switch
    {
        AccountPlaced e => e.AccountId,
        AccountSegmented e => e.AccountId,
        StrategyAssigned e => e.AccountId,
        AccountBalanceChanged e => e.AccountId,
        AccountStatusChanged e => e.AccountId,
        AccountHoldChanged e => e.AccountId,
        AccountRecalled e => e.AccountId,
        ContactAttempted e => e.AccountId,
        RightPartyContacted e => e.AccountId,
        PromiseToPayMade e => e.AccountId,
        PromiseToPayKept e => e.AccountId,
        PromiseToPayBroken e => e.AccountId,
        PaymentPosted e => e.AccountId,
        PaymentReversed e => e.AccountId,
        PaymentPlanCreated e => e.AccountId,
        SettlementAgreed e => e.AccountId,
        SettlementFulfilled e => e.AccountId,
        DisputeOpened e => e.AccountId,
        DisputeResolved e => e.AccountId,
        ComplaintOpened e => e.AccountId,
        ComplaintResolved e => e.AccountId,
        _ => null,
    };

    /// <summary>What makes the event unique in the business, so a repeat under a new message id is recognised.</summary>
    private static string NaturalKey(IntegrationEvent evt) => (evt switch
    {
        AccountPlaced e => e.AccountId,
        AccountRecalled e => e.AccountId,
        ContactAttempted e => e.AttemptId,
        RightPartyContacted e => e.AttemptId,
        PromiseToPayMade e => e.PromiseId,
        PromiseToPayKept e => e.PromiseId,
        PromiseToPayBroken e => e.PromiseId,
        PaymentPosted e => e.PaymentId,
        PaymentReversed e => e.PaymentId,
        PaymentPlanCreated e => e.PaymentPlanId,
        SettlementAgreed e => e.SettlementId,
        SettlementFulfilled e => e.SettlementId,
        DisputeOpened e => e.DisputeId,
        DisputeResolved e => e.DisputeId,
        ComplaintOpened e => e.ComplaintId,
        ComplaintResolved e => e.ComplaintId,
        RemittanceStatementIssued e => e.StatementId,
        _ => evt.EventId,
    }).ToString();
}

/// <summary>A message handed to the projection: the event, its message id and the queue it arrived on (the inbox's key).</summary>
public sealed record Delivery(IntegrationEvent Event, Guid MessageId, string Queue);

/// <summary>One row of <c>report_facts</c> as an event gives it (the account's dimensions are joined in SQL).</summary>
internal sealed record FactRow(
    Guid TenantId, string Kind, Guid KeyId, Guid? AccountId, Guid? ClientId, DateTimeOffset OccurredAt,
    string? Agent = null, decimal? Amount = null, string? Currency = null, string? Channel = null, bool Connected = false, DateOnly? Due = null)
{
    public string Key => KeyId.ToString();
}
