using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Accounts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ContactAndSegmentation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing consumers have no contact data: an empty JSON array, not an object.
            migrationBuilder.AddColumn<string>(
                name: "Addresses",
                table: "consumers",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string[]>(
                name: "ContactKeys",
                table: "consumers",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "Emails",
                table: "consumers",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "consumers",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phones",
                table: "consumers",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "consumers",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastRightPartyContactAt",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Score",
                table: "accounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Segment",
                table: "accounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SegmentedAt",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstNameKey",
                table: "consumers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                computedColumnSql: "lower(\"FirstName\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "LastNameKey",
                table: "consumers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                computedColumnSql: "lower(\"LastName\")",
                stored: true);

            migrationBuilder.CreateTable(
                name: "consumer_contact_history",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Who = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Why = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Before = table.Column<string>(type: "jsonb", nullable: false),
                    After = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consumer_contact_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_consumer_contact_history_consumers_ConsumerId",
                        column: x => x.ConsumerId,
                        principalTable: "consumers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "segmentation_policies",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Settings = table.Column<string>(type: "jsonb", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_segmentation_policies", x => x.TenantId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_consumers_ContactKeys",
                table: "consumers",
                column: "ContactKeys")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_consumers_TenantId_FirstNameKey",
                table: "consumers",
                columns: new[] { "TenantId", "FirstNameKey" })
                .Annotation("Npgsql:IndexOperators", new[] { "", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_consumers_TenantId_LastNameKey",
                table: "consumers",
                columns: new[] { "TenantId", "LastNameKey" })
                .Annotation("Npgsql:IndexOperators", new[] { "", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_TenantId_ClientId_PlacedAt",
                table: "accounts",
                columns: new[] { "TenantId", "ClientId", "PlacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_TenantId_PlacedAt_Id",
                table: "accounts",
                columns: new[] { "TenantId", "PlacedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_TenantId_Segment",
                table: "accounts",
                columns: new[] { "TenantId", "Segment" });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_TenantId_Status",
                table: "accounts",
                columns: new[] { "TenantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_consumer_contact_history_ConsumerId_At",
                table: "consumer_contact_history",
                columns: new[] { "ConsumerId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consumer_contact_history");

            migrationBuilder.DropTable(
                name: "segmentation_policies");

            migrationBuilder.DropIndex(
                name: "IX_consumers_ContactKeys",
                table: "consumers");

            migrationBuilder.DropIndex(
                name: "IX_consumers_TenantId_FirstNameKey",
                table: "consumers");

            migrationBuilder.DropIndex(
                name: "IX_consumers_TenantId_LastNameKey",
                table: "consumers");

            migrationBuilder.DropIndex(
                name: "IX_accounts_TenantId_ClientId_PlacedAt",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "IX_accounts_TenantId_PlacedAt_Id",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "IX_accounts_TenantId_Segment",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "IX_accounts_TenantId_Status",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "FirstNameKey",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "LastNameKey",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "Addresses",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "ContactKeys",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "Emails",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "Phones",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "consumers");

            migrationBuilder.DropColumn(
                name: "LastRightPartyContactAt",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Score",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Segment",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "SegmentedAt",
                table: "accounts");
        }
    }
}
