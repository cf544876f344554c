using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Accounts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Placements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_consumers_TenantId_DateOfBirth",
                table: "consumers");

            migrationBuilder.AddColumn<Guid>(
                name: "PlacementId",
                table: "accounts",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "placements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Format = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PlacedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RowsRead = table.Column<long>(type: "bigint", nullable: false),
                    Accepted = table.Column<long>(type: "bigint", nullable: false),
                    Unchanged = table.Column<long>(type: "bigint", nullable: false),
                    Rejected = table.Column<long>(type: "bigint", nullable: false),
                    Conflicts = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastProgressAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Failure = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_placements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "placement_rejects",
                columns: table => new
                {
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false),
                    RowNumber = table.Column<long>(type: "bigint", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_placement_rejects", x => new { x.PlacementId, x.RowNumber });
                    table.ForeignKey(
                        name: "FK_placement_rejects_placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_placements_TenantId_ClientId_StartedAt",
                table: "placements",
                columns: new[] { "TenantId", "ClientId", "StartedAt" });

            // Placements recognise a consumer by date of birth, lower-case last name and postal code
            // (see Consumer.IsIdentifiedBy); EF Core cannot model an index on an expression.
            migrationBuilder.Sql(
                """
                CREATE INDEX "IX_consumers_TenantId_DateOfBirth_lower_LastName" ON consumers ("TenantId", "DateOfBirth", lower("LastName"))
                WHERE "PostalCode" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_consumers_TenantId_DateOfBirth_lower_LastName";""");

            migrationBuilder.DropTable(
                name: "placement_rejects");

            migrationBuilder.DropTable(
                name: "placements");

            migrationBuilder.DropColumn(
                name: "PlacementId",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "IX_consumers_TenantId_DateOfBirth",
                table: "consumers",
                columns: new[] { "TenantId", "DateOfBirth" });
        }
    }
}
