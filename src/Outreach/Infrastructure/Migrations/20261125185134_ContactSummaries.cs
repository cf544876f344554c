using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Outreach.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ContactSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contact_summaries",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastRightPartyContactAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KeptFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Recent = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_summaries", x => new { x.TenantId, x.AccountId });
                });

            // Kept by the database whenever an attempt is recorded, and filled from the attempts already there.
            migrationBuilder.Sql(Domain.ContactSummaries.CreateTrigger);
            migrationBuilder.Sql(Domain.ContactSummaries.Fill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Domain.ContactSummaries.DropTrigger);
            migrationBuilder.DropTable(
                name: "contact_summaries");
        }
    }
}
