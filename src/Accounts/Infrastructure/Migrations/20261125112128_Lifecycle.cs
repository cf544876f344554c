using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Collections.Accounts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ChargeOffDate",
                table: "accounts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Credit",
                table: "accounts",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DelinquencyDate",
                table: "accounts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastPaymentDate",
                table: "accounts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecallId",
                table: "accounts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "accounts",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "account_history",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Who = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Change = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    To = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Why = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_account_history_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "account_holds",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Cause = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_holds", x => new { x.AccountId, x.Kind, x.Cause });
                    table.ForeignKey(
                        name: "FK_account_holds_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "balance_adjustments",
                columns: table => new
                {
                    AdjustmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ToFees = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ToInterest = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ToPrincipal = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    MadeBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MadeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_balance_adjustments", x => new { x.TenantId, x.AdjustmentId });
                });

            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    PaymentApplicationOrder = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clients", x => new { x.TenantId, x.ClientId });
                });

            migrationBuilder.CreateTable(
                name: "limitation_periods",
                columns: table => new
                {
                    Jurisdiction = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Years = table.Column<int>(type: "integer", nullable: false),
                    StartsFrom = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_limitation_periods", x => new { x.Jurisdiction, x.EffectiveFrom });
                });

            migrationBuilder.CreateTable(
                name: "payment_postings",
                columns: table => new
                {
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    ToFees = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ToInterest = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ToPrincipal = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ToCredit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Applied = table.Column<bool>(type: "boolean", nullable: false),
                    ReversedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PreviousLastPaymentDate = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_postings", x => new { x.TenantId, x.PaymentId });
                });

            migrationBuilder.InsertData(
                table: "limitation_periods",
                columns: new[] { "EffectiveFrom", "Jurisdiction", "Source", "StartsFrom", "Years" },
                values: new object[,]
                {
                    { new DateOnly(2000, 1, 1), "*", "Conservative fallback for jurisdictions not yet reviewed", "Default", 3 },
                    { new DateOnly(2000, 1, 1), "CA", "Cal. Code Civ. Proc. 337 (written contract); partial payment restarts (CCP 360)", "LastPayment", 4 },
                    { new DateOnly(2000, 1, 1), "FL", "Fla. Stat. 95.11(2)(b) (written contract); payment restarts", "LastPayment", 5 },
                    { new DateOnly(2000, 1, 1), "MA", "Mass. Gen. Laws ch. 260, sec. 2 (contract); payment restarts", "LastPayment", 6 },
                    { new DateOnly(2000, 1, 1), "NY", "N.Y. CPLR 213 (contract), before the CCFA", "LastPayment", 6 },
                    { new DateOnly(2022, 4, 7), "NY", "N.Y. CPLR 214-i (Consumer Credit Fairness Act): 3 years; a payment does not revive or extend", "Default", 3 },
                    { new DateOnly(2000, 1, 1), "TX", "Tex. Civ. Prac. & Rem. Code 16.004; Tex. Fin. Code 392.307: a payment does not revive", "Default", 4 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_account_history_AccountId_At",
                table: "account_history",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_balance_adjustments_AccountId",
                table: "balance_adjustments",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_payment_postings_AccountId",
                table: "payment_postings",
                column: "AccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_history");

            migrationBuilder.DropTable(
                name: "account_holds");

            migrationBuilder.DropTable(
                name: "balance_adjustments");

            migrationBuilder.DropTable(
                name: "clients");

            migrationBuilder.DropTable(
                name: "limitation_periods");

            migrationBuilder.DropTable(
                name: "payment_postings");

            migrationBuilder.DropColumn(
                name: "ChargeOffDate",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Credit",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "DelinquencyDate",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "LastPaymentDate",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "RecallId",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "accounts");
        }
    }
}
