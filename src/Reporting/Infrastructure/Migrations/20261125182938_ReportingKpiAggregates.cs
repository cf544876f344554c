using System;
using Collections.Reporting.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportingKpiAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "parent_agent",
                table: "report_facts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "parent_occurred_at",
                table: "report_facts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "seconds",
                table: "report_daily_facts",
                type: "numeric",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "report_agent_days",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dim = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    dim_value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    agent = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    activities = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<long>(type: "bigint", nullable: false),
                    rpcs = table.Column<long>(type: "bigint", nullable: false),
                    promises = table.Column<long>(type: "bigint", nullable: false),
                    collected = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    hours = table.Column<int[]>(type: "integer[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_agent_days", x => new { x.tenant_id, x.dim, x.dim_value, x.day, x.agent, x.currency });
                });

            // New triggers; what is already projected gets its reversals' parents and its accounts' first RPCs, then every
            // aggregate is filled again from the facts.
            migrationBuilder.Sql(AggregateTriggersAsOfReportingAggregates.Drop);
            migrationBuilder.Sql("""
                UPDATE report_facts c SET parent_occurred_at = p.occurred_at, parent_agent = p.agent
                FROM report_facts p
                WHERE c.kind IN ('reversal', 'ptp-kept', 'ptp-broken') AND p.tenant_id = c.tenant_id AND p.key = c.key
                  AND p.kind = CASE c.kind WHEN 'reversal' THEN 'payment' ELSE 'ptp' END;
                """);
            migrationBuilder.Sql(ReadModelProjector.FirstRpcs("SELECT DISTINCT tenant_id AS t, account_id AS acc FROM report_facts WHERE kind = 'rpc' AND account_id IS NOT NULL"));
            migrationBuilder.Sql(AggregateTriggers.Create);
            migrationBuilder.Sql(AggregateTriggers.Refill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AggregateTriggers.Drop);
            migrationBuilder.Sql("DELETE FROM report_facts WHERE kind = 'first-rpc'");

            migrationBuilder.DropTable(
                name: "report_agent_days");

            migrationBuilder.DropColumn(
                name: "parent_agent",
                table: "report_facts");

            migrationBuilder.DropColumn(
                name: "parent_occurred_at",
                table: "report_facts");

            migrationBuilder.DropColumn(
                name: "seconds",
                table: "report_daily_facts");

            migrationBuilder.Sql(AggregateTriggersAsOfReportingAggregates.Create);
            migrationBuilder.Sql(AggregateTriggersAsOfReportingAggregates.Refill);
        }
    }
}
