using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Outreach.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Contacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Holds",
                table: "contactable_accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "contact_attempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PhoneNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PhoneNumberType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EmailAddress = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_attempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "contact_profiles",
                columns: table => new
                {
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    OptedOutMedia = table.Column<int>(type: "integer", nullable: false),
                    OptedOutNumbers = table.Column<List<string>>(type: "text[]", nullable: false),
                    OptedOutEmailAddresses = table.Column<List<string>>(type: "text[]", nullable: false),
                    EmployerProhibitsCalls = table.Column<bool>(type: "boolean", nullable: false),
                    ExtraTimeZones = table.Column<List<string>>(type: "text[]", nullable: false),
                    DirectConsentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    inconvenient_times = table.Column<string>(type: "jsonb", nullable: true),
                    tcpa_consents = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_profiles", x => x.ConsumerId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contactable_accounts_TenantId_ConsumerId",
                table: "contactable_accounts",
                columns: new[] { "TenantId", "ConsumerId" });

            migrationBuilder.CreateIndex(
                name: "IX_contact_attempts_TenantId_AccountId_At",
                table: "contact_attempts",
                columns: new[] { "TenantId", "AccountId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_attempts");

            migrationBuilder.DropTable(
                name: "contact_profiles");

            migrationBuilder.DropIndex(
                name: "IX_contactable_accounts_TenantId_ConsumerId",
                table: "contactable_accounts");

            migrationBuilder.DropColumn(
                name: "Holds",
                table: "contactable_accounts");
        }
    }
}
