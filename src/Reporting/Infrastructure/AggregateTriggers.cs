namespace Collections.Reporting.Infrastructure;

/// <summary>
/// The triggers that keep <c>report_daily_facts</c>, <c>report_agent_days</c> and <c>report_account_months</c> equal to
/// aggregates of <c>report_facts</c> and <c>report_accounts</c>: statement-level, over the transition tables, so a batch of projected
/// events (or a fix-up, a rebuild's delete, a bulk COPY) updates each aggregate row once, in the same transaction. Rows
/// removed subtract what they added; rows changed (a fix-up giving facts their account's dimensions) subtract the old and
/// add the new. Each row's contribution depends on that row alone (a reversal carries its payment's instant and agent), so
/// what a row subtracts is exactly what it added.
/// </summary>
public static class AggregateTriggers
{
    /// <summary>Recorders of payments and promises that are not agents.</summary>
    public const string NotAgents = "('portal', 'autopay', 'client')";

    private const string Upsert = "ON CONFLICT (tenant_id, dim, dim_value, kind, day, call, connected, currency) DO UPDATE SET facts = d.facts + excluded.facts, amount = d.amount + excluded.amount, seconds = d.seconds + excluded.seconds";

    /// <summary>Creates the functions and triggers (run by the migration).</summary>
    public static string Create =>
        string.Concat(
            FactsFunction("insert", "SELECT n.*, 1 AS s FROM new_rows n"),
            FactsFunction("update", "SELECT o.*, -1 AS s FROM old_rows o UNION ALL SELECT n.*, 1 AS s FROM new_rows n"),
            FactsFunction("delete", "SELECT o.*, -1 AS s FROM old_rows o"),
            AccountsFunction("insert", "SELECT n.*, 1 AS s FROM new_rows n"),
            AccountsFunction("update", "SELECT o.*, -1 AS s FROM old_rows o UNION ALL SELECT n.*, 1 AS s FROM new_rows n"),
            AccountsFunction("delete", "SELECT o.*, -1 AS s FROM old_rows o"),
            Trigger("report_facts", "insert"),
            Trigger("report_facts", "update"),
            Trigger("report_facts", "delete"),
            Trigger("report_accounts", "insert"),
            Trigger("report_accounts", "update"),
            Trigger("report_accounts", "delete"));

    /// <summary>Drops them (the migration's Down).</summary>
    public static string Drop =>
        string.Concat(
            from table in new[] { "report_facts", "report_accounts" }
            from operation in new[] { "insert", "update", "delete" }
            select $"DROP TRIGGER IF EXISTS {table}_aggregates_{operation} ON {table}; DROP FUNCTION IF EXISTS {table}_aggregates_{operation}();\n");

    /// <summary>Refills both aggregates from the facts and accounts of every tenant (after a load with triggers off).</summary>
    public static string Refill => $"""
        DELETE FROM report_daily_facts;
        DELETE FROM report_account_months;
        DELETE FROM report_agent_days;
        {FactsStatement("SELECT f.*, 1 AS s FROM report_facts f")}
        {AccountsStatements("SELECT a.*, 1 AS s FROM report_accounts a")}
        """;

    /// <summary>
    /// The facts by day and dimension value; a payment adds its seconds since placement, and a reversal whose payment is known
    /// also counts once as a reversed payment on the payment's day, for the payment's agent, with the payment's seconds.
    /// </summary>
    private static string FactsStatement(string rows) => $"""
        INSERT INTO report_daily_facts AS d (tenant_id, dim, dim_value, kind, day, call, connected, currency, facts, amount, seconds)
        SELECT r.tenant_id, x.dim, x.value, f.kind, (f.occurred_at AT TIME ZONE 'UTC')::date, coalesce(f.channel = 'Call', false), f.connected,
               coalesce(r.currency, ''), sum(r.s), sum(r.s * coalesce(r.amount, 0)), sum(r.s * f.seconds)
        FROM ({rows}) r
        CROSS JOIN LATERAL (VALUES (r.kind, r.occurred_at, r.agent, r.channel, r.connected,
                                    CASE WHEN r.kind = 'payment' THEN extract(epoch FROM r.occurred_at - r.placed_at) ELSE 0 END),
                                   (CASE WHEN r.kind = 'reversal' AND r.parent_occurred_at IS NOT NULL THEN 'reversed-payment' END, r.parent_occurred_at, r.parent_agent, NULL, false,
                                    extract(epoch FROM r.parent_occurred_at - r.placed_at))) AS f(kind, occurred_at, agent, channel, connected, seconds)
        CROSS JOIN LATERAL (VALUES ('all', ''), ('client', r.client_id::text), ('placement', r.placement_id::text), ('segment', r.segment::text),
                                   ('strategy', r.strategy_id::text), ('arm', r.arm::text), ('agent', f.agent::text)) AS x(dim, value)
        WHERE r.account_known AND f.kind IS NOT NULL AND x.value IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING sum(r.s) <> 0 OR sum(r.s * coalesce(r.amount, 0)) <> 0 OR sum(r.s * f.seconds) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        {Upsert};
        INSERT INTO report_agent_days AS g (tenant_id, dim, dim_value, day, agent, currency, activities, attempts, rpcs, promises, collected, hours)
        SELECT r.tenant_id, x.dim, x.value, (r.occurred_at AT TIME ZONE 'UTC')::date, c.agent, c.currency,
               sum(r.s * c.activity), coalesce(sum(r.s) FILTER (WHERE r.kind = 'attempt'), 0), coalesce(sum(r.s) FILTER (WHERE r.kind = 'rpc'), 0),
               coalesce(sum(r.s) FILTER (WHERE r.kind = 'ptp'), 0), sum(r.s * c.money), ARRAY[{HourSums}]
        FROM ({rows}) r
        CROSS JOIN LATERAL (SELECT CASE WHEN r.kind = 'reversal' THEN r.parent_agent ELSE r.agent END AS agent,
                                   CASE WHEN r.kind IN ('payment', 'reversal') THEN coalesce(r.currency, '') ELSE '' END AS currency,
                                   CASE WHEN r.kind = 'reversal' THEN 0 ELSE 1 END AS activity,
                                   CASE r.kind WHEN 'payment' THEN coalesce(r.amount, 0) WHEN 'reversal' THEN -coalesce(r.amount, 0) ELSE 0 END AS money,
                                   CASE WHEN r.kind IN ('attempt', 'rpc') THEN extract(hour FROM r.occurred_at AT TIME ZONE 'UTC')::int END AS hour) c
        CROSS JOIN LATERAL (VALUES ('all', ''), ('client', r.client_id::text), ('placement', r.placement_id::text), ('segment', r.segment::text),
                                   ('strategy', r.strategy_id::text), ('arm', r.arm::text)) AS x(dim, value)
        WHERE r.account_known AND x.value IS NOT NULL AND c.agent IS NOT NULL AND c.agent NOT IN {NotAgents}
          AND ((r.kind = 'attempt' AND r.channel = 'Call') OR r.kind IN ('rpc', 'ptp', 'payment') OR (r.kind = 'reversal' AND r.parent_occurred_at IS NOT NULL))
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(r.s * c.activity) <> 0 OR sum(r.s * c.money) <> 0 OR coalesce(sum(r.s) FILTER (WHERE r.kind IN ('attempt', 'rpc', 'ptp')), 0) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (tenant_id, dim, dim_value, day, agent, currency) DO UPDATE SET
            activities = g.activities + excluded.activities, attempts = g.attempts + excluded.attempts, rpcs = g.rpcs + excluded.rpcs,
            promises = g.promises + excluded.promises, collected = g.collected + excluded.collected,
            hours = ARRAY(SELECT a + b FROM unnest(g.hours, excluded.hours) WITH ORDINALITY AS u(a, b, i) ORDER BY i);
        """;

    /// <summary>The 24 per-hour counts of a group (attempts and RPCs only carry an hour).</summary>
    private static string HourSums => string.Join(", ", Enumerable.Range(0, 24).Select(h => $"coalesce(sum(r.s) FILTER (WHERE c.hour = {h}), 0)::int"));

    private static string AccountsStatements(string rows) => $"""
        INSERT INTO report_daily_facts AS d (tenant_id, dim, dim_value, kind, day, call, connected, currency, facts, amount)
        SELECT a.tenant_id, x.dim, x.value, 'placed', (a.placed_at AT TIME ZONE 'UTC')::date, false, false,
               coalesce(a.currency, ''), sum(a.s), sum(a.s * coalesce(a.placed_balance, 0))
        FROM ({rows}) a
        CROSS JOIN LATERAL (VALUES ('all', ''), ('client', a.client_id::text), ('placement', a.placement_id::text), ('segment', a.segment::text),
                                   ('strategy', a.strategy_id::text), ('arm', a.arm::text)) AS x(dim, value)
        WHERE a.placed_at IS NOT NULL AND x.value IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING sum(a.s) <> 0 OR sum(a.s * coalesce(a.placed_balance, 0)) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        {Upsert};
        INSERT INTO report_account_months AS m (tenant_id, dim, dim_value, delinquency_date, placed_month, closed_month, accounts)
        SELECT a.tenant_id, x.dim, x.value, a.delinquency_date, date_trunc('month', a.placed_at AT TIME ZONE 'UTC')::date,
               coalesce(date_trunc('month', a.closed_at AT TIME ZONE 'UTC')::date, '9999-12-01'::date), sum(a.s)
        FROM ({rows}) a
        CROSS JOIN LATERAL (VALUES ('all', ''), ('client', a.client_id::text), ('placement', a.placement_id::text), ('segment', a.segment::text),
                                   ('strategy', a.strategy_id::text), ('arm', a.arm::text)) AS x(dim, value)
        WHERE a.placed_at IS NOT NULL AND a.delinquency_date IS NOT NULL AND x.value IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(a.s) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (tenant_id, dim, dim_value, delinquency_date, placed_month, closed_month) DO UPDATE SET accounts = m.accounts + excluded.accounts;
        """;

    private static string FactsFunction(string operation, string rows) => $"""
        CREATE OR REPLACE FUNCTION report_facts_aggregates_{operation}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
        {FactsStatement(rows)}
        RETURN NULL;
        END
        $fn$;

        """;

    private static string AccountsFunction(string operation, string rows) => $"""
        CREATE OR REPLACE FUNCTION report_accounts_aggregates_{operation}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
        {AccountsStatements(rows)}
        RETURN NULL;
        END
        $fn$;

        """;

    private static string Trigger(string table, string operation)
    {
        var transition = operation switch
        {
            "insert" => "NEW TABLE AS new_rows",
            "update" => "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _ => "OLD TABLE AS old_rows",
        };
        return $"""
            CREATE TRIGGER {table}_aggregates_{operation} AFTER {operation.ToUpperInvariant()} ON {table}
                REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {table}_aggregates_{operation}();

            """;
    }
}
