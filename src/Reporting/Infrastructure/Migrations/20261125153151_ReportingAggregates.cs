using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportingAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_account_months",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dim = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    dim_value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    delinquency_date = table.Column<DateOnly>(type: "date", nullable: false),
                    placed_month = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_month = table.Column<DateOnly>(type: "date", nullable: false),
                    accounts = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_account_months", x => new { x.tenant_id, x.dim, x.dim_value, x.delinquency_date, x.placed_month, x.closed_month });
                });

            migrationBuilder.CreateTable(
                name: "report_daily_facts",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dim = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    dim_value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    call = table.Column<bool>(type: "boolean", nullable: false),
                    connected = table.Column<bool>(type: "boolean", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    facts = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_daily_facts", x => new { x.tenant_id, x.dim, x.dim_value, x.kind, x.day, x.call, x.connected, x.currency });
                });

            // Keep the aggregates by trigger, then fill them from what is already projected.
            migrationBuilder.Sql(AggregateTriggersAsOfReportingAggregates.Create);
            migrationBuilder.Sql(AggregateTriggersAsOfReportingAggregates.Refill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AggregateTriggersAsOfReportingAggregates.Drop);

            migrationBuilder.DropTable(
                name: "report_account_months");

            migrationBuilder.DropTable(
                name: "report_daily_facts");
        }
    }
}
