// The aggregate triggers exactly as the migration ReportingAggregates created them: that migration must keep running
// the same SQL whatever the current triggers become (later migrations replace them).
namespace Collections.Reporting.Infrastructure.Migrations;

/// <summary>
/// The triggers that keep <c>report_daily_facts</c> and <c>report_account_months</c> equal to aggregates of
/// <c>report_facts</c> and <c>report_accounts</c>: statement-level, over the transition tables, so a batch of projected
/// events (or a fix-up, a rebuild's delete, a bulk COPY) updates each aggregate row once, in the same transaction. Rows
/// removed subtract what they added; rows changed (a fix-up giving facts their account's dimensions) subtract the old and
/// add the new.
/// </summary>
internal static class AggregateTriggersAsOfReportingAggregates
{
    private const string Upsert = "ON CONFLICT (tenant_id, dim, dim_value, kind, day, call, connected, currency) DO UPDATE SET facts = d.facts + excluded.facts, amount = d.amount + excluded.amount";

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
        {FactsStatement("SELECT f.*, 1 AS s FROM report_facts f")}
        {AccountsStatements("SELECT a.*, 1 AS s FROM report_accounts a")}
        """;

    private static string FactsStatement(string rows) => $"""
        INSERT INTO report_daily_facts AS d (tenant_id, dim, dim_value, kind, day, call, connected, currency, facts, amount)
        SELECT f.tenant_id, x.dim, x.value, f.kind, (f.occurred_at AT TIME ZONE 'UTC')::date, coalesce(f.channel = 'Call', false), f.connected,
               coalesce(f.currency, ''), sum(f.s), sum(f.s * coalesce(f.amount, 0))
        FROM ({rows}) f
        CROSS JOIN LATERAL (VALUES ('all', ''), ('client', f.client_id::text), ('placement', f.placement_id::text), ('segment', f.segment::text),
                                   ('strategy', f.strategy_id::text), ('arm', f.arm::text), ('agent', f.agent::text)) AS x(dim, value)
        WHERE f.account_known AND x.value IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING sum(f.s) <> 0 OR sum(f.s * coalesce(f.amount, 0)) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        {Upsert};
        """;

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
