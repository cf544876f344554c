using System.Data.Common;
using System.Text;
using Collections.Reporting.Apis;
using Collections.Reporting.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Collections.Reporting.Infrastructure;

/// <summary>
/// The KPI queries over the read model. Each names the tenant explicitly and counts a fact only once its account's
/// placement has been projected. Where the filters allow it (at most one dimension, whole UTC days), a KPI reads the
/// daily aggregates (<c>report_daily_facts</c>, <c>report_account_months</c>): a few thousand rows for a quarter;
/// otherwise it reads the facts of one tenant and kind over a range of instants (the <c>(tenant_id, kind, occurred_at)</c>
/// index). Both give the same numbers. Definitions are in the README's Reporting section.
/// </summary>
public sealed class KpiQueries(ReportingDbContext db, TimeProvider clock)
{
    private const string NotAgents = AggregateTriggers.NotAgents;

    public async Task<Freshness> FreshnessAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var q = new Query(tenantId);
        var rows = await ReadAsync(q, "SELECT occurred_at, recorded_at FROM event_log WHERE tenant_id = @t ORDER BY recorded_at DESC LIMIT 1",
            r => (Occurred: r.GetFieldValue<DateTimeOffset>(0), Recorded: r.GetFieldValue<DateTimeOffset>(1)), cancellationToken);
        var now = clock.GetUtcNow();
        return rows.Count == 0
            ? new Freshness(null, null, null, now)
            : new Freshness(rows[0].Occurred, rows[0].Recorded, Math.Round((rows[0].Recorded - rows[0].Occurred).TotalSeconds, 3), now);
    }

    public async Task<LiquidationRate> LiquidationAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        var sql = q.Slice(withAgent: false) is not null && q.WholeDays && filter.AgentId is null
            ? $"""
            WITH m AS ({Movements(q, agent: true, fromParam: null, toParam: q.To, placedFrom: q.From)})
            SELECT coalesce(sum(d.facts), 0)::bigint, coalesce(sum(d.amount), 0), (SELECT coalesce(sum(amount), 0) FROM m)
            FROM report_daily_facts d
            WHERE {q.Daily("d")} AND d.kind = '{AggregateDims.PlacedKind}' AND d.currency = {q.Currency} AND d.day >= @fromDay AND d.day < @toDay
            """
            : $"""
            WITH cohort AS (SELECT a.account_id, a.placed_balance FROM report_accounts a
                            WHERE {q.Accounts("a")} AND a.currency = {q.Currency} AND a.placed_at >= {q.From} AND a.placed_at < {q.To}),
                 m AS ({Movements(q, agent: true, fromParam: null, toParam: q.To, placedFrom: q.From)})
            SELECT (SELECT count(*) FROM cohort), (SELECT coalesce(sum(placed_balance), 0) FROM cohort), (SELECT coalesce(sum(amount), 0) FROM m)
            """;
        var row = (await ReadAsync(q, sql, r => (Accounts: r.GetInt64(0), Placed: r.GetDecimal(1), Collected: r.GetDecimal(2)), cancellationToken))[0];
        return new LiquidationRate(row.Accounts, row.Placed, row.Collected, Ratio(row.Collected, row.Placed));
    }

    public async Task<RecoveryRate> RecoveryAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        string Money() => $"""
            coalesce(sum(d.amount) FILTER (WHERE d.kind = '{FactKinds.Payment}'), 0) - coalesce(sum(d.amount) FILTER (WHERE d.kind = '{FactKinds.Reversal}'), 0)
            FROM report_daily_facts d WHERE {q.Daily("d")} AND d.kind IN ('{FactKinds.Payment}', '{FactKinds.Reversal}') AND d.currency = {q.Currency}
            """;
        var sql = q.Slice(withAgent: false) is not null && q.WholeDays && filter.AgentId is null
            ? $"""
            SELECT (SELECT {Money()} AND d.day >= @fromDay AND d.day < @toDay),
                   (SELECT coalesce(sum(d.amount), 0) FROM report_daily_facts d
                    WHERE {q.Daily("d")} AND d.kind = '{AggregateDims.PlacedKind}' AND d.currency = {q.Currency} AND d.day < @toDay),
                   (SELECT {Money()} AND d.day < @fromDay)
            """
            : $"""
            SELECT (SELECT coalesce(sum(amount), 0) FROM ({Movements(q, agent: true, fromParam: q.From, toParam: q.To, placedFrom: null)}) m),
                   (SELECT coalesce(sum(a.placed_balance), 0) FROM report_accounts a WHERE {q.Accounts("a")} AND a.currency = {q.Currency} AND a.placed_at < {q.To}),
                   (SELECT coalesce(sum(amount), 0) FROM ({Movements(q, agent: false, fromParam: null, toParam: q.From, placedFrom: null)}) before)
            """;
        var row = (await ReadAsync(q, sql, r => (Collected: r.GetDecimal(0), Placed: r.GetDecimal(1), Before: r.GetDecimal(2)), cancellationToken))[0];
        var outstanding = row.Placed - row.Before;
        return new RecoveryRate(row.Collected, outstanding, Ratio(row.Collected, outstanding));
    }

    public async Task<ContactRates> ContactAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        var sql = q.Slice(withAgent: true) is not null && q.WholeDays
            ? $"""
            SELECT coalesce(sum(d.facts) FILTER (WHERE d.kind = '{FactKinds.Attempt}' AND d.call), 0)::bigint,
                   coalesce(sum(d.facts) FILTER (WHERE d.kind = '{FactKinds.Attempt}' AND d.call AND d.connected), 0)::bigint,
                   coalesce(sum(d.facts) FILTER (WHERE d.kind = '{FactKinds.RightPartyContact}'), 0)::bigint
            FROM report_daily_facts d
            WHERE {q.Daily("d", withAgent: true)} AND d.kind IN ('{FactKinds.Attempt}', '{FactKinds.RightPartyContact}') AND {q.DailyRange("d")}
            """
            : $"""
            SELECT count(*) FILTER (WHERE f.kind = '{FactKinds.Attempt}' AND f.channel = 'Call'),
                   count(*) FILTER (WHERE f.kind = '{FactKinds.Attempt}' AND f.channel = 'Call' AND f.connected),
                   count(*) FILTER (WHERE f.kind = '{FactKinds.RightPartyContact}')
            FROM report_facts f
            WHERE f.kind IN ('{FactKinds.Attempt}', '{FactKinds.RightPartyContact}') AND {q.Facts("f")} AND {q.InRange("f")}
            """;
        var row = (await ReadAsync(q, sql, r => (Attempts: r.GetInt64(0), Connected: r.GetInt64(1), Rpcs: r.GetInt64(2)), cancellationToken))[0];
        return new ContactRates(row.Attempts, row.Connected, row.Rpcs, Ratio(row.Connected, row.Attempts), Ratio(row.Rpcs, row.Attempts));
    }

    public async Task<PromiseRates> PromisesAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        var outcomes = $"""
            FROM report_facts o JOIN report_facts f ON f.tenant_id = o.tenant_id AND f.kind = '{FactKinds.Promise}' AND f.key = o.key
            WHERE o.tenant_id = @t AND {q.InRange("o")} AND {q.Facts("f")}
            """;
        string Count(string kind) => $"(SELECT coalesce(sum(d.facts), 0)::bigint FROM report_daily_facts d WHERE {q.Daily("d")} AND d.kind = '{kind}' AND {q.DailyRange("d")})";
        var sql = q.Slice(withAgent: false) is not null && q.WholeDays && filter.AgentId is null
            ? $"""
            SELECT {Count(FactKinds.Promise)}, {Count(FactKinds.RightPartyContact)}, {Count(FactKinds.PromiseKept)}, {Count(FactKinds.PromiseBroken)}
            """
            : $"""
            SELECT (SELECT count(*) FROM report_facts f WHERE f.kind = '{FactKinds.Promise}' AND {q.Facts("f")} AND {q.InRange("f")}),
                   (SELECT count(*) FROM report_facts f WHERE f.kind = '{FactKinds.RightPartyContact}' AND {q.Facts("f")} AND {q.InRange("f")}),
                   (SELECT count(*) {outcomes} AND o.kind = '{FactKinds.PromiseKept}'),
                   (SELECT count(*) {outcomes} AND o.kind = '{FactKinds.PromiseBroken}')
            """;
        var row = (await ReadAsync(q, sql, r => (Made: r.GetInt64(0), Rpcs: r.GetInt64(1), Kept: r.GetInt64(2), Broken: r.GetInt64(3)), cancellationToken))[0];
        return new PromiseRates(row.Made, row.Rpcs, Ratio(row.Made, row.Rpcs), row.Kept, row.Broken, Ratio(row.Kept, row.Kept + row.Broken));
    }

    public async Task<DaysToCollect> DaysToCollectAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        if (q.Slice(withAgent: true) is not null && q.WholeDays)
        {
            // Payments that stand: payments less the reversed ones (counted on the payment's day, for its agent).
            var totals = (await ReadAsync(q, $"""
                SELECT coalesce(sum(d.facts) FILTER (WHERE d.kind = '{FactKinds.Payment}'), 0)::bigint
                         - coalesce(sum(d.facts) FILTER (WHERE d.kind = '{AggregateDims.ReversedPaymentKind}'), 0)::bigint,
                       coalesce(sum(d.seconds) FILTER (WHERE d.kind = '{FactKinds.Payment}'), 0)
                         - coalesce(sum(d.seconds) FILTER (WHERE d.kind = '{AggregateDims.ReversedPaymentKind}'), 0)
                FROM report_daily_facts d
                WHERE {q.Daily("d", withAgent: true)} AND d.kind IN ('{FactKinds.Payment}', '{AggregateDims.ReversedPaymentKind}') AND {q.DailyRange("d")}
                """, r => (Payments: r.GetInt64(0), Seconds: r.GetDecimal(1)), cancellationToken))[0];
            return new DaysToCollect(totals.Payments, totals.Payments == 0 ? null : Math.Round(totals.Seconds / 86400m / totals.Payments, 2));
        }

        var sql = $"""
            SELECT count(*), avg(extract(epoch FROM f.occurred_at - f.placed_at) / 86400.0)
            FROM report_facts f
            WHERE f.kind = '{FactKinds.Payment}' AND {q.Facts("f")} AND {q.InRange("f")}
              AND NOT EXISTS (SELECT 1 FROM report_facts r WHERE r.tenant_id = f.tenant_id AND r.kind = '{FactKinds.Reversal}' AND r.key = f.key)
            """;
        var row = (await ReadAsync(q, sql, r => (Payments: r.GetInt64(0), Days: r.IsDBNull(1) ? (decimal?)null : r.GetDecimal(1)), cancellationToken))[0];
        return new DaysToCollect(row.Payments, row.Days is { } d ? Math.Round(d, 2) : null);
    }

    public async Task<FirstCallResolution> FirstCallResolutionAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        var sql = q.Slice(withAgent: true) is not null && q.WholeDays
            ? $"""
            SELECT coalesce(sum(d.facts), 0)::bigint, coalesce(sum(d.facts) FILTER (WHERE d.connected), 0)::bigint
            FROM report_daily_facts d
            WHERE {q.Daily("d", withAgent: true)} AND d.kind = '{FactKinds.FirstRpc}' AND {q.DailyRange("d")}
            """
            : $"""
            WITH touched AS (SELECT DISTINCT f.account_id FROM report_facts f WHERE f.kind = '{FactKinds.RightPartyContact}' AND {q.Facts("f")} AND {q.InRange("f")}),
                 rpcs AS (SELECT f.account_id, f.occurred_at, f.agent,
                                 row_number() OVER (PARTITION BY f.account_id ORDER BY f.occurred_at, f.key) AS n,
                                 lead(f.occurred_at) OVER (PARTITION BY f.account_id ORDER BY f.occurred_at, f.key) AS next_at
                          FROM report_facts f JOIN touched t ON t.account_id = f.account_id
                          WHERE f.tenant_id = @t AND f.kind = '{FactKinds.RightPartyContact}'),
                 firsts AS (SELECT * FROM rpcs WHERE n = 1 AND occurred_at >= {q.From} AND occurred_at < {q.To} {q.AgentCondition("rpcs")})
            SELECT count(*),
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM report_facts x
                       WHERE x.tenant_id = @t AND x.account_id = firsts.account_id
                         AND x.kind IN ('{FactKinds.Payment}', '{FactKinds.PaymentPlan}', '{FactKinds.Settlement}')
                         AND x.occurred_at >= firsts.occurred_at
                         AND x.occurred_at < LEAST(COALESCE(firsts.next_at, 'infinity'::timestamptz), firsts.occurred_at + interval '24 hours')))
            FROM firsts
            """;
        var row = (await ReadAsync(q, sql, r => (WithRpc: r.GetInt64(0), Resolved: r.GetInt64(1)), cancellationToken))[0];
        return new FirstCallResolution(row.WithRpc, row.Resolved, Ratio(row.Resolved, row.WithRpc));
    }

    public async Task<DisputeAndComplaintRates> DisputesAndComplaintsAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        string Count(string kind) => q.Slice(withAgent: true) is not null && q.WholeDays
            ? $"(SELECT coalesce(sum(d.facts), 0)::bigint FROM report_daily_facts d WHERE {q.Daily("d", withAgent: true)} AND d.kind = '{kind}' AND {q.DailyRange("d")})"
            : $"(SELECT count(*) FROM report_facts f WHERE f.kind = '{kind}' AND {q.Facts("f")} AND {q.InRange("f")})";
        var sql = $"""
            SELECT (SELECT count(*) FROM report_accounts a WHERE {q.Accounts("a")} AND a.placed_at < {q.To} AND (a.closed_at IS NULL OR a.closed_at >= {q.From})),
                   {Count(FactKinds.Dispute)},
                   {Count(FactKinds.Complaint)}
            """;
        var row = (await ReadAsync(q, sql, r => (Active: r.GetInt64(0), Disputes: r.GetInt64(1), Complaints: r.GetInt64(2)), cancellationToken))[0];
        return new DisputeAndComplaintRates(row.Active, row.Disputes, PerThousand(row.Disputes, row.Active), row.Complaints, PerThousand(row.Complaints, row.Active));
    }

    public async Task<IReadOnlyList<RollRate>> RollRatesAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        static string Bucket(string days) => $"CASE WHEN {days} < 30 THEN 0 WHEN {days} < 60 THEN 30 WHEN {days} < 90 THEN 60 WHEN {days} < 120 THEN 90 ELSE 120 END";
        var sql = $"""
            WITH months AS (
                     SELECT (m AT TIME ZONE 'UTC') AS start_at, ((m + interval '1 month') AT TIME ZONE 'UTC') AS end_at,
                            m::date AS start_day, (m + interval '1 month')::date AS end_day
                     FROM generate_series(date_trunc('month', {q.From} AT TIME ZONE 'UTC'), ({q.To} AT TIME ZONE 'UTC') - interval '1 microsecond', interval '1 month') AS m),
                 {(q.Slice(withAgent: false) is null ? $"""
                 accounts AS (SELECT a.delinquency_date, date_trunc('month', a.placed_at AT TIME ZONE 'UTC')::date AS placed_month,
                                     coalesce(date_trunc('month', a.closed_at AT TIME ZONE 'UTC')::date, '9999-12-01'::date) AS closed_month, 1 AS accounts
                              FROM report_accounts a WHERE {q.Accounts("a")} AND a.delinquency_date IS NOT NULL),
                 """ : $"""
                 accounts AS (SELECT m.delinquency_date, m.placed_month, m.closed_month, m.accounts FROM report_account_months m
                              WHERE {q.Daily("m")} AND m.accounts <> 0),
                 """)}
                 positions AS (
                     SELECT months.start_day,
                            {Bucket("months.start_day - accounts.delinquency_date")} AS from_bucket,
                            accounts.closed_month >= months.end_day AS still_open,
                            {Bucket("months.end_day - accounts.delinquency_date")} AS to_bucket,
                            accounts.accounts
                     FROM months JOIN accounts ON accounts.placed_month < months.start_day AND accounts.closed_month >= months.start_day
                     WHERE months.start_day - accounts.delinquency_date >= 0)
            SELECT start_day, from_bucket, sum(accounts)::bigint, coalesce(sum(accounts) FILTER (WHERE still_open AND to_bucket > from_bucket), 0)::bigint
            FROM positions GROUP BY start_day, from_bucket ORDER BY start_day, from_bucket
            """;
        var rows = await ReadAsync(q, sql, r => (Month: r.GetFieldValue<DateOnly>(0), Bucket: r.GetInt32(1), Accounts: r.GetInt64(2), Rolled: r.GetInt64(3)), cancellationToken);
        return [.. rows.Select(r => new RollRate($"{r.Month:yyyy-MM}", BucketName(r.Bucket), r.Accounts, r.Rolled, Ratio(r.Rolled, r.Accounts)))];
    }

    public async Task<IReadOnlyList<AgentPerformance>> AgentsAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        var sql = q.Slice(withAgent: false) is not null && q.WholeDays
            ? $"""
            SELECT g.agent, sum(g.attempts)::bigint, sum(g.rpcs)::bigint, sum(cardinality(array_remove(g.hours, 0)))::bigint,
                   sum(g.promises)::bigint, coalesce(sum(g.collected) FILTER (WHERE g.currency = {q.Currency}), 0)
            FROM report_agent_days g
            WHERE {q.Daily("g")} AND {q.DailyRange("g")}{q.AgentCondition("g")}
            GROUP BY g.agent
            HAVING sum(g.activities) > 0
            ORDER BY g.agent
            """
            : $"""
            WITH activity AS (
                     SELECT f.agent,
                            count(*) FILTER (WHERE f.kind = '{FactKinds.Attempt}' AND f.channel = 'Call') AS attempts,
                            count(*) FILTER (WHERE f.kind = '{FactKinds.RightPartyContact}') AS rpcs,
                            count(DISTINCT date_trunc('hour', f.occurred_at AT TIME ZONE 'UTC')) FILTER (WHERE f.kind IN ('{FactKinds.Attempt}', '{FactKinds.RightPartyContact}')) AS hours,
                            count(*) FILTER (WHERE f.kind = '{FactKinds.Promise}') AS promises,
                            coalesce(sum(f.amount) FILTER (WHERE f.kind = '{FactKinds.Payment}' AND f.currency = {q.Currency}), 0) AS posted
                     FROM report_facts f
                     WHERE f.kind IN ('{FactKinds.Attempt}', '{FactKinds.RightPartyContact}', '{FactKinds.Promise}', '{FactKinds.Payment}')
                       AND (f.kind <> '{FactKinds.Attempt}' OR f.channel = 'Call')
                       AND {q.Facts("f")} AND {q.InRange("f")} AND f.agent IS NOT NULL AND f.agent NOT IN {NotAgents}
                     GROUP BY f.agent),
                 reversed AS (
                     SELECT f.agent, sum(r.amount) AS amount
                     FROM report_facts r JOIN report_facts f ON f.tenant_id = r.tenant_id AND f.kind = '{FactKinds.Payment}' AND f.key = r.key
                     WHERE r.tenant_id = @t AND r.kind = '{FactKinds.Reversal}' AND {q.InRange("r")} AND {q.Facts("f")} AND f.currency = {q.Currency}
                     GROUP BY f.agent)
            SELECT activity.agent, attempts, rpcs, hours, promises, posted - coalesce(reversed.amount, 0)
            FROM activity LEFT JOIN reversed ON reversed.agent = activity.agent
            ORDER BY activity.agent
            """;
        var rows = await ReadAsync(q, sql, r => (Agent: r.GetString(0), Attempts: r.GetInt64(1), Rpcs: r.GetInt64(2), Hours: r.GetInt64(3), Promises: r.GetInt64(4), Collected: r.GetDecimal(5)), cancellationToken);
        return [.. rows.Select(r => new AgentPerformance(
            r.Agent, r.Attempts, r.Rpcs, r.Hours, Ratio(r.Attempts, r.Hours), Ratio(r.Rpcs, r.Hours), r.Collected, r.Promises, Ratio(r.Promises, r.Rpcs)))];
    }

    public async Task<IReadOnlyList<DailyCollection>> CollectedPerDayAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        var perDay = q.Slice(withAgent: false) is not null && q.WholeDays && filter.AgentId is null
            ? $"""
                 per_day AS (SELECT d.day,
                                    coalesce(sum(d.amount) FILTER (WHERE d.kind = '{FactKinds.Payment}'), 0) AS posted,
                                    coalesce(sum(d.amount) FILTER (WHERE d.kind = '{FactKinds.Reversal}'), 0) AS reversed
                             FROM report_daily_facts d
                             WHERE {q.Daily("d")} AND d.kind IN ('{FactKinds.Payment}', '{FactKinds.Reversal}') AND d.currency = {q.Currency} AND {q.DailyRange("d")}
                             GROUP BY 1)
                 """
            : $"""
                 m AS ({Movements(q, agent: true, fromParam: q.From, toParam: q.To, placedFrom: null)}),
                 per_day AS (SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day,
                                    coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS posted,
                                    coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS reversed
                             FROM m GROUP BY 1)
                 """;
        var sql = $"""
            WITH {perDay}
            SELECT d::date, coalesce(per_day.posted, 0), coalesce(per_day.reversed, 0)
            FROM generate_series(({q.From} AT TIME ZONE 'UTC')::date, (({q.To} AT TIME ZONE 'UTC') - interval '1 microsecond')::date, interval '1 day') AS d
            LEFT JOIN per_day ON per_day.day = d::date
            ORDER BY 1
            """;
        var rows = await ReadAsync(q, sql, r => (Day: r.GetFieldValue<DateOnly>(0), Posted: r.GetDecimal(1), Reversed: r.GetDecimal(2)), cancellationToken);
        return [.. rows.Select(r => new DailyCollection(r.Day, r.Posted, r.Reversed, r.Posted - r.Reversed))];
    }

    public async Task<IReadOnlyList<ArmResult>> ArmsAsync(KpiFilter filter, CancellationToken cancellationToken)
    {
        var q = new Query(filter);
        if (q.Slice(withAgent: false) is { Dim: AggregateDims.All or AggregateDims.Arm } && q.WholeDays)
        {
            // Accounts and placed balance per arm from the aggregates; collected and payers from the range's payments and
            // reversals alone (a payer is an account whose money in the range nets above zero), not from every account.
            var facts = q.FactsWithoutAgent("f");
            var aggregated = $"""
                WITH arms AS (SELECT d.dim_value AS arm, sum(d.facts)::bigint AS accounts, sum(d.amount) AS placed FROM report_daily_facts d
                              WHERE d.tenant_id = @t AND d.dim = '{AggregateDims.Arm}' {(filter.Arm is null ? "" : "AND d.dim_value = @arm")}
                                AND d.kind = '{AggregateDims.PlacedKind}' AND d.currency = {q.Currency} AND d.day < @toDay
                              GROUP BY d.dim_value HAVING sum(d.facts) <> 0),
                     m AS (SELECT f.account_id, f.arm, f.amount FROM report_facts f
                           WHERE f.kind = '{FactKinds.Payment}' AND {facts} AND f.arm IS NOT NULL AND f.currency = {q.Currency} AND f.placed_at < {q.To} AND {q.InRange("f")}
                           UNION ALL
                           SELECT f.account_id, f.arm, -r.amount FROM report_facts r
                           JOIN report_facts f ON f.tenant_id = r.tenant_id AND f.kind = '{FactKinds.Payment}' AND f.key = r.key
                           WHERE r.tenant_id = @t AND r.kind = '{FactKinds.Reversal}' AND {facts} AND f.arm IS NOT NULL AND f.currency = {q.Currency} AND f.placed_at < {q.To} AND {q.InRange("r")}),
                     net AS (SELECT m.arm, sum(m.amount) AS amount FROM m
                             JOIN report_accounts a ON a.account_id = m.account_id AND a.tenant_id = @t AND a.currency = {q.Currency}
                             GROUP BY m.account_id, m.arm),
                     money AS (SELECT arm, sum(amount) AS collected, count(*) FILTER (WHERE amount > 0) AS payers FROM net GROUP BY arm)
                SELECT arms.arm, arms.accounts, arms.placed, coalesce(money.collected, 0), coalesce(money.payers, 0)::bigint
                FROM arms LEFT JOIN money ON money.arm = arms.arm ORDER BY arms.arm
                """;
            var totals = await ReadAsync(q, aggregated, r => (Arm: r.GetString(0), Accounts: r.GetInt64(1), Placed: r.GetDecimal(2), Collected: r.GetDecimal(3), Payers: r.GetInt64(4)), cancellationToken);
            return [.. totals.Select(r => new ArmResult(r.Arm, r.Accounts, r.Placed, r.Collected, Ratio(r.Collected, r.Placed), r.Payers, Ratio(r.Payers, r.Accounts)))];
        }

        var sql = $"""
            WITH arms AS (SELECT a.account_id, a.arm, a.placed_balance FROM report_accounts a
                          WHERE {q.Accounts("a")} AND a.arm IS NOT NULL AND a.currency = {q.Currency} AND a.placed_at < {q.To}),
                 m AS ({Movements(q, agent: false, fromParam: q.From, toParam: q.To, placedFrom: null)}),
                 net AS (SELECT account_id, sum(amount) AS amount FROM m GROUP BY account_id),
                 per_account AS (SELECT arms.arm, arms.placed_balance, coalesce(net.amount, 0) AS collected FROM arms LEFT JOIN net ON net.account_id = arms.account_id)
            SELECT arm, count(*), sum(placed_balance), sum(collected), count(*) FILTER (WHERE collected > 0)
            FROM per_account GROUP BY arm ORDER BY arm
            """;
        var rows = await ReadAsync(q, sql, r => (Arm: r.GetString(0), Accounts: r.GetInt64(1), Placed: r.GetDecimal(2), Collected: r.GetDecimal(3), Payers: r.GetInt64(4)), cancellationToken);
        return [.. rows.Select(r => new ArmResult(r.Arm, r.Accounts, r.Placed, r.Collected, Ratio(r.Collected, r.Placed), r.Payers, Ratio(r.Payers, r.Accounts)))];
    }

    /// <summary>
    /// Money in and out: payments posted (positive) and reversals of them (negative), each filtered through the payment
    /// it belongs to (so a reversal counts for the payment's agent and account). Ranges apply to each movement's own instant.
    /// </summary>
    private static string Movements(Query q, bool agent, string? fromParam, string? toParam, string? placedFrom)
    {
        var facts = agent ? q.Facts("f") : q.FactsWithoutAgent("f");
        string Range(string alias) =>
            (fromParam is null ? "" : $" AND {alias}.occurred_at >= {fromParam}") + (toParam is null ? "" : $" AND {alias}.occurred_at < {toParam}");
        var cohort = placedFrom is null ? "" : $" AND f.placed_at >= {placedFrom} AND f.placed_at < {q.To}";
        return $"""
            SELECT f.account_id, f.occurred_at, f.amount FROM report_facts f
            WHERE f.kind = '{FactKinds.Payment}' AND {facts} AND f.currency = {q.Currency}{Range("f")}{cohort}
            UNION ALL
            SELECT f.account_id, r.occurred_at, -r.amount FROM report_facts r
            JOIN report_facts f ON f.tenant_id = r.tenant_id AND f.kind = '{FactKinds.Payment}' AND f.key = r.key
            WHERE r.tenant_id = @t AND r.kind = '{FactKinds.Reversal}' AND {facts} AND f.currency = {q.Currency}{Range("r")}{cohort}
            """;
    }

    private static string BucketName(int bucket) => bucket switch
    {
        0 => "0-29",
        30 => "30-59",
        60 => "60-89",
        90 => "90-119",
        _ => "120+",
    };

    private static decimal? Ratio(decimal numerator, decimal denominator) => denominator == 0 ? null : Math.Round(numerator / denominator, 4);

    private static decimal? PerThousand(long count, long active) => active == 0 ? null : Math.Round(count * 1000m / active, 2);

    private async Task<List<T>> ReadAsync<T>(Query q, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(q.Parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Builds the filter conditions and their parameters; values never go into the SQL text.</summary>
    private sealed class Query
    {
        private readonly KpiFilter? filter;

        public Query(Guid tenantId) => Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Uuid) { Value = tenantId });

        public Query(KpiFilter filter)
            : this(filter.TenantId)
        {
            this.filter = filter;
            Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = filter.From });
            Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = filter.To });
            Parameters.Add(new NpgsqlParameter("currency", NpgsqlDbType.Text) { Value = filter.Currency });
            Parameters.Add(new NpgsqlParameter("fromDay", NpgsqlDbType.Date) { Value = DateOnly.FromDateTime(filter.From.UtcDateTime) });
            Parameters.Add(new NpgsqlParameter("toDay", NpgsqlDbType.Date) { Value = DateOnly.FromDateTime(filter.To.UtcDateTime) });
            Add("client", NpgsqlDbType.Uuid, filter.ClientId);
            Add("placement", NpgsqlDbType.Uuid, filter.PlacementId);
            Add("segment", NpgsqlDbType.Text, filter.Segment);
            Add("strategy", NpgsqlDbType.Uuid, filter.StrategyId);
            Add("arm", NpgsqlDbType.Text, filter.Arm);
            Add("agent", NpgsqlDbType.Text, filter.AgentId);
        }

        public List<NpgsqlParameter> Parameters { get; } = [];

        /// <summary>The range is whole UTC days, so the daily aggregates answer it exactly.</summary>
        public bool WholeDays => filter is not null && filter.From.UtcDateTime.TimeOfDay == TimeSpan.Zero && filter.To.UtcDateTime.TimeOfDay == TimeSpan.Zero;

        /// <summary>
        /// The aggregate rows that hold exactly the filtered population: the total when no dimension is filtered, that
        /// dimension's value when one is (the agent counts only where <paramref name="withAgent"/>), none when several are.
        /// </summary>
        public (string Dim, string Value)? Slice(bool withAgent)
        {
            var dims = new List<(string, string)>();
            if (filter?.ClientId is { } client)
            {
                dims.Add((AggregateDims.Client, client.ToString()));
            }

            if (filter?.PlacementId is { } placement)
            {
                dims.Add((AggregateDims.Placement, placement.ToString()));
            }

            if (filter?.Segment is { } segment)
            {
                dims.Add((AggregateDims.Segment, segment));
            }

            if (filter?.StrategyId is { } strategy)
            {
                dims.Add((AggregateDims.Strategy, strategy.ToString()));
            }

            if (filter?.Arm is { } arm)
            {
                dims.Add((AggregateDims.Arm, arm));
            }

            if (withAgent && filter?.AgentId is { } agent)
            {
                dims.Add((AggregateDims.Agent, agent));
            }

            return dims.Count switch
            {
                0 => (AggregateDims.All, ""),
                1 => dims[0],
                _ => null,
            };
        }

        /// <summary>Conditions on aggregate rows of the tenant and the slice <see cref="Slice"/> chooses.</summary>
        public string Daily(string alias, bool withAgent = false)
        {
            var slice = Slice(withAgent)
                ?? throw new InvalidOperationException("Several dimensions are filtered: the aggregates cannot answer.");
            Parameters.RemoveAll(p => p.ParameterName is "dim" or "dimValue");
            Parameters.Add(new NpgsqlParameter("dim", NpgsqlDbType.Text) { Value = slice.Dim });
            Parameters.Add(new NpgsqlParameter("dimValue", NpgsqlDbType.Text) { Value = slice.Value });
            return $"{alias}.tenant_id = @t AND {alias}.dim = @dim AND {alias}.dim_value = @dimValue";
        }

        /// <summary>Aggregate days within the range (whole days).</summary>
        public string DailyRange(string alias) => $"{alias}.day >= @fromDay AND {alias}.day < @toDay";

        public string From => "@from";

        public string To => "@to";

        public string Currency => "@currency";

        /// <summary>Conditions on facts of the tenant whose account is known, with every filter.</summary>
        public string Facts(string alias) => FactsWithoutAgent(alias) + AgentCondition(alias);

        public string FactsWithoutAgent(string alias) => $"{alias}.tenant_id = @t AND {alias}.account_known{Dimensions(alias)}";

        public string AgentCondition(string alias) => filter?.AgentId is null ? "" : $" AND {alias}.agent = @agent";

        /// <summary>Conditions on placed accounts of the tenant, with every filter but the agent.</summary>
        public string Accounts(string alias) => $"{alias}.tenant_id = @t AND {alias}.placed_at IS NOT NULL{Dimensions(alias)}";

        public string InRange(string alias) => $"{alias}.occurred_at >= @from AND {alias}.occurred_at < @to";

        private string Dimensions(string alias)
        {
            var sql = new StringBuilder();
            if (filter?.ClientId is not null)
            {
                sql.Append($" AND {alias}.client_id = @client");
            }

            if (filter?.PlacementId is not null)
            {
                sql.Append($" AND {alias}.placement_id = @placement");
            }

            if (filter?.Segment is not null)
            {
                sql.Append($" AND {alias}.segment = @segment");
            }

            if (filter?.StrategyId is not null)
            {
                sql.Append($" AND {alias}.strategy_id = @strategy");
            }

            if (filter?.Arm is not null)
            {
                sql.Append($" AND {alias}.arm = @arm");
            }

            return sql.ToString();
        }

        private void Add(string name, NpgsqlDbType type, object? value)
        {
            if (value is not null)
            {
                Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
            }
        }
    }
}
