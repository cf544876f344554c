using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Collections.Outreach.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ContactStrategies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "SmsOptedOutNumbers",
                table: "contact_profiles",
                type: "text[]",
                nullable: false);

            migrationBuilder.CreateTable(
                name: "contact_strategies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    StrategyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EscalateAfterFailedAttempts = table.Column<int>(type: "integer", nullable: true),
                    EscalateAfterBrokenPromises = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false),
                    steps = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_strategies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "message_templates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_templates", x => new { x.TenantId, x.Key, x.Channel, x.Language });
                });

            migrationBuilder.CreateTable(
                name: "planned_contacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    StepKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StrategyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TemplateKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    TargetType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ScheduledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reasons = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planned_contacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "segment_splits",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SplitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChampionStrategyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChallengerStrategyId = table.Column<Guid>(type: "uuid", nullable: true),
                    ChallengerBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_segment_splits", x => new { x.TenantId, x.Segment });
                });

            migrationBuilder.CreateTable(
                name: "sent_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PlannedContactId = table.Column<Guid>(type: "uuid", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sent_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sms_webhook_secrets",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_webhook_secrets", x => x.TenantId);
                });

            migrationBuilder.CreateTable(
                name: "strategy_assignments",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StrategyId = table.Column<Guid>(type: "uuid", nullable: false),
                    StrategyVersion = table.Column<int>(type: "integer", nullable: false),
                    Arm = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SplitId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_strategy_assignments", x => x.AccountId);
                });

            migrationBuilder.CreateTable(
                name: "strategy_runs",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LastAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    AccountsSeen = table.Column<long>(type: "bigint", nullable: false),
                    AccountsAssigned = table.Column<long>(type: "bigint", nullable: false),
                    AccountsHeld = table.Column<long>(type: "bigint", nullable: false),
                    ActionsPlanned = table.Column<long>(type: "bigint", nullable: false),
                    ActionsBlocked = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_strategy_runs", x => new { x.TenantId, x.BusinessDate });
                });

            migrationBuilder.CreateIndex(
                name: "IX_contact_strategies_TenantId_Segment",
                table: "contact_strategies",
                columns: new[] { "TenantId", "Segment" });

            migrationBuilder.CreateIndex(
                name: "IX_contact_strategies_TenantId_StrategyId_Version",
                table: "contact_strategies",
                columns: new[] { "TenantId", "StrategyId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_planned_contacts_State_ScheduledAt",
                table: "planned_contacts",
                columns: new[] { "State", "ScheduledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_planned_contacts_TenantId_AccountId_BusinessDate_StepKey",
                table: "planned_contacts",
                columns: new[] { "TenantId", "AccountId", "BusinessDate", "StepKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sent_messages_TenantId_AccountId_SentAt",
                table: "sent_messages",
                columns: new[] { "TenantId", "AccountId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sent_messages_TenantId_To",
                table: "sent_messages",
                columns: new[] { "TenantId", "To" });

            migrationBuilder.CreateIndex(
                name: "IX_strategy_assignments_TenantId_AccountId",
                table: "strategy_assignments",
                columns: new[] { "TenantId", "AccountId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_strategies");

            migrationBuilder.DropTable(
                name: "message_templates");

            migrationBuilder.DropTable(
                name: "planned_contacts");

            migrationBuilder.DropTable(
                name: "segment_splits");

            migrationBuilder.DropTable(
                name: "sent_messages");

            migrationBuilder.DropTable(
                name: "sms_webhook_secrets");

            migrationBuilder.DropTable(
                name: "strategy_assignments");

            migrationBuilder.DropTable(
                name: "strategy_runs");

            migrationBuilder.DropColumn(
                name: "SmsOptedOutNumbers",
                table: "contact_profiles");
        }
    }
}
