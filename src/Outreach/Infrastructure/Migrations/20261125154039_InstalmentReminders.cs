using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Outreach.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class InstalmentReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "DueAmount",
                table: "planned_contacts",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DueCurrency",
                table: "planned_contacts",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DueDate",
                table: "planned_contacts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredChannel",
                table: "contact_profiles",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DueAmount",
                table: "planned_contacts");

            migrationBuilder.DropColumn(
                name: "DueCurrency",
                table: "planned_contacts");

            migrationBuilder.DropColumn(
                name: "DueDate",
                table: "planned_contacts");

            migrationBuilder.DropColumn(
                name: "PreferredChannel",
                table: "contact_profiles");
        }
    }
}
