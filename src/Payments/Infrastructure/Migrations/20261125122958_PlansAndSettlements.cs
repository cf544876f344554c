using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Collections.Payments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PlansAndSettlements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "InstalmentNumber",
                table: "payments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PaymentPlanId",
                table: "payments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SettlementId",
                table: "payments",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "client_settlement_terms",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgentDiscountPercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    SupervisorDiscountPercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_client_settlement_terms", x => new { x.TenantId, x.ClientId });
                });

            migrationBuilder.CreateTable(
                name: "payment_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Total = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Frequency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FirstDueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SettlementId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReplacesPaymentPlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReplacedByPaymentPlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    AutopayToken = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    AutopayMethod = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plan_and_settlement_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_and_settlement_history", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "portal_plan_rules",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    MaxInstalments = table.Column<int>(type: "integer", nullable: false),
                    MinInstalmentAmount = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_plan_rules", x => x.TenantId);
                });

            migrationBuilder.CreateTable(
                name: "settlements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    BalanceAtOffer = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    DiscountPercent = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequiredApprover = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OfferedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OfferedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PaidAmount = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    FulfilledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payment_plan_instalments",
                columns: table => new
                {
                    PaymentPlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: true),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    GraceFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ReminderSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AutopayChargedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_plan_instalments", x => new { x.PaymentPlanId, x.Number });
                    table.ForeignKey(
                        name: "FK_payment_plan_instalments_payment_plans_PaymentPlanId",
                        column: x => x.PaymentPlanId,
                        principalTable: "payment_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_payments_PaymentPlanId",
                table: "payments",
                column: "PaymentPlanId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_SettlementId",
                table: "payments",
                column: "SettlementId");

            migrationBuilder.CreateIndex(
                name: "IX_payment_plans_Status_TenantId",
                table: "payment_plans",
                columns: new[] { "Status", "TenantId" });

            migrationBuilder.CreateIndex(
                name: "IX_payment_plans_TenantId_AccountId",
                table: "payment_plans",
                columns: new[] { "TenantId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_and_settlement_history_TenantId_SubjectId",
                table: "plan_and_settlement_history",
                columns: new[] { "TenantId", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_Status_TenantId",
                table: "settlements",
                columns: new[] { "Status", "TenantId" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_TenantId_AccountId",
                table: "settlements",
                columns: new[] { "TenantId", "AccountId" });

            migrationBuilder.Sql("""
                CREATE FUNCTION plan_and_settlement_history_append_only() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION 'plan_and_settlement_history is append-only';
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER plan_and_settlement_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON plan_and_settlement_history
                    FOR EACH STATEMENT EXECUTE FUNCTION plan_and_settlement_history_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER plan_and_settlement_history_append_only ON plan_and_settlement_history; DROP FUNCTION plan_and_settlement_history_append_only();");
            migrationBuilder.DropTable(
                name: "client_settlement_terms");

            migrationBuilder.DropTable(
                name: "payment_plan_instalments");

            migrationBuilder.DropTable(
                name: "plan_and_settlement_history");

            migrationBuilder.DropTable(
                name: "portal_plan_rules");

            migrationBuilder.DropTable(
                name: "settlements");

            migrationBuilder.DropTable(
                name: "payment_plans");

            migrationBuilder.DropIndex(
                name: "IX_payments_PaymentPlanId",
                table: "payments");

            migrationBuilder.DropIndex(
                name: "IX_payments_SettlementId",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "InstalmentNumber",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "PaymentPlanId",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "SettlementId",
                table: "payments");
        }
    }
}
