using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Collections.Payments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Remittance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "PaymentId",
                table: "journal_entries",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<decimal>(
                name: "FeePercent",
                table: "journal_entries",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "StatementId",
                table: "journal_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "client_payees",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AccountName = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: true),
                    RoutingNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    AccountNumberCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    AccountLastFour = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    AccountType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    BankAccountChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BankAccountChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_client_payees", x => new { x.TenantId, x.ClientId });
                });

            migrationBuilder.CreateTable(
                name: "contingency_fee_rates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    EffectiveFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contingency_fee_rates", x => new { x.TenantId, x.ClientId, x.EffectiveFrom });
                });

            migrationBuilder.CreateTable(
                name: "document_counters",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LastNumber = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_document_counters", x => new { x.TenantId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "receipts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Brand = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LastFour = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    RemainingBalance = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_receipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "remittance_originators",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    CompanyName = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CompanyIdentification = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    OriginatingBankRouting = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    OriginatingBankName = table.Column<string>(type: "character varying(23)", maxLength: 23, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remittance_originators", x => x.TenantId);
                });

            migrationBuilder.CreateTable(
                name: "remittance_statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PeriodStartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PeriodEndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Collected = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Reversed = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Fees = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    NetDue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IssuedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remittance_statements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "remittance_statement_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    FeePercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    Fee = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Net = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remittance_statement_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_remittance_statement_lines_remittance_statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "remittance_statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_TenantId_StatementId",
                table: "journal_entries",
                columns: new[] { "TenantId", "StatementId" });

            migrationBuilder.CreateIndex(
                name: "IX_receipts_TenantId_AccountId",
                table: "receipts",
                columns: new[] { "TenantId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_receipts_TenantId_Number",
                table: "receipts",
                columns: new[] { "TenantId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_receipts_TenantId_PaymentId",
                table: "receipts",
                columns: new[] { "TenantId", "PaymentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_remittance_statement_lines_StatementId",
                table: "remittance_statement_lines",
                column: "StatementId");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_statement_lines_TenantId_PaymentId_Kind",
                table: "remittance_statement_lines",
                columns: new[] { "TenantId", "PaymentId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_remittance_statements_TenantId_ClientId_Currency_PeriodEnd",
                table: "remittance_statements",
                columns: new[] { "TenantId", "ClientId", "Currency", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_remittance_statements_TenantId_Number",
                table: "remittance_statements",
                columns: new[] { "TenantId", "Number" },
                unique: true);

            // An issued statement is what the client was told and paid: the database itself refuses to
            // change or delete a statement or its lines, whatever the application does.
            migrationBuilder.Sql("""
                CREATE FUNCTION remittance_statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'remittance statements are immutable once issued';
                END $$;
                CREATE TRIGGER remittance_statements_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON remittance_statements
                    FOR EACH STATEMENT EXECUTE FUNCTION remittance_statements_immutable();
                CREATE TRIGGER remittance_statement_lines_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON remittance_statement_lines
                    FOR EACH STATEMENT EXECUTE FUNCTION remittance_statements_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER remittance_statement_lines_immutable ON remittance_statement_lines;
                DROP TRIGGER remittance_statements_immutable ON remittance_statements;
                DROP FUNCTION remittance_statements_immutable();
                """);

            migrationBuilder.DropTable(
                name: "client_payees");

            migrationBuilder.DropTable(
                name: "contingency_fee_rates");

            migrationBuilder.DropTable(
                name: "document_counters");

            migrationBuilder.DropTable(
                name: "receipts");

            migrationBuilder.DropTable(
                name: "remittance_originators");

            migrationBuilder.DropTable(
                name: "remittance_statement_lines");

            migrationBuilder.DropTable(
                name: "remittance_statements");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_TenantId_StatementId",
                table: "journal_entries");

            migrationBuilder.DropColumn(
                name: "FeePercent",
                table: "journal_entries");

            migrationBuilder.DropColumn(
                name: "StatementId",
                table: "journal_entries");

            migrationBuilder.AlterColumn<Guid>(
                name: "PaymentId",
                table: "journal_entries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
