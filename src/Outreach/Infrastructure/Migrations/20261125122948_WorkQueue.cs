using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Outreach.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class WorkQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "Balance",
                table: "contactable_accounts",
                type: "numeric",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "BrokenPromises",
                table: "contactable_accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "contactable_accounts",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedAt",
                table: "contactable_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FailedAttempts",
                table: "contactable_accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastContactAt",
                table: "contactable_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Score",
                table: "contactable_accounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Segment",
                table: "contactable_accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "promises_to_pay",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    BreaksAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PaymentChannel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AttemptId = table.Column<Guid>(type: "uuid", nullable: true),
                    MadeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AmountPaid = table.Column<decimal>(type: "numeric", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    payments = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_promises_to_pay", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "work_queue",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Queue = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CallbackNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeasedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LeasedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_work_queue", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_promises_to_pay_BreaksAt",
                table: "promises_to_pay",
                column: "BreaksAt",
                filter: "\"Status\" = 'Open'");

            migrationBuilder.CreateIndex(
                name: "IX_promises_to_pay_TenantId_AccountId",
                table: "promises_to_pay",
                columns: new[] { "TenantId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_work_queue_TenantId_AccountId_Reason_Day",
                table: "work_queue",
                columns: new[] { "TenantId", "AccountId", "Reason", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_work_queue_TenantId_NotBefore",
                table: "work_queue",
                columns: new[] { "TenantId", "NotBefore" },
                filter: "\"CompletedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "promises_to_pay");

            migrationBuilder.DropTable(
                name: "work_queue");

            migrationBuilder.DropColumn(
                name: "Balance",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "BrokenPromises",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "FailedAttempts",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "LastContactAt",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "Score",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "Segment",
                table: "contactable_accounts");
        }
    }
}
