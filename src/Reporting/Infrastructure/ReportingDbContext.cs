using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Reporting.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Reporting.Infrastructure;

/// <summary>
/// Reporting's read model, built only from integration events. Entity queries are filtered to the scope's tenant;
/// the KPI queries are SQL that names the tenant explicitly.
/// </summary>
public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<ReportAccount> Accounts => Set<ReportAccount>();

    public DbSet<ReportFact> Facts => Set<ReportFact>();

    public DbSet<LoggedEvent> EventLog => Set<LoggedEvent>();

    public DbSet<RemittanceStatement> RemittanceStatements => Set<RemittanceStatement>();

    public DbSet<DailyFactTotal> DailyFactTotals => Set<DailyFactTotal>();

    public DbSet<AccountMonthTotal> AccountMonthTotals => Set<AccountMonthTotal>();

    public DbSet<AgentDayTotal> AgentDayTotals => Set<AgentDayTotal>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReportAccount>(account =>
        {
            account.ToTable("report_accounts");
            account.HasKey(a => a.AccountId);
            account.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            account.HasIndex(a => new { a.TenantId, a.PlacedAt });
            account.HasIndex(a => new { a.TenantId, a.ClientId });
            account.Property(a => a.Currency).HasMaxLength(3).IsFixedLength();
            account.Property(a => a.PlacedBalance).HasPrecision(18, 2);
            account.Property(a => a.Balance).HasPrecision(18, 2);
            account.Property(a => a.Segment).HasMaxLength(100);
            account.Property(a => a.StrategyName).HasMaxLength(200);
            account.Property(a => a.Arm).HasMaxLength(20);
            account.Property(a => a.Status).HasMaxLength(40);
            account.Property(a => a.ClientReference).HasMaxLength(100);
            account.Property(a => a.Holds).HasMaxLength(200);
        });

        modelBuilder.Entity<ReportFact>(fact =>
        {
            fact.ToTable("report_facts");
            fact.HasKey(f => new { f.TenantId, f.Kind, f.Key });
            fact.HasQueryFilter(f => f.TenantId == CurrentTenantId);
            // Every KPI reads one kind of fact of one tenant over a range of instants.
            fact.HasIndex(f => new { f.TenantId, f.Kind, f.OccurredAt });
            // Fix-ups when an account's dimensions arrive.
            fact.HasIndex(f => f.AccountId);
            fact.Property(f => f.Kind).HasMaxLength(24);
            fact.Property(f => f.Key).HasMaxLength(64);
            fact.Property(f => f.Agent).HasMaxLength(100);
            fact.Property(f => f.Amount).HasPrecision(18, 2);
            fact.Property(f => f.Currency).HasMaxLength(3).IsFixedLength();
            fact.Property(f => f.Channel).HasMaxLength(20);
            fact.Property(f => f.Segment).HasMaxLength(100);
            fact.Property(f => f.Arm).HasMaxLength(20);
            fact.Property(f => f.ParentAgent).HasMaxLength(100);
        });

        modelBuilder.Entity<LoggedEvent>(logged =>
        {
            logged.ToTable("event_log");
            logged.HasKey(e => e.Sequence);
            logged.Property(e => e.Sequence).UseIdentityAlwaysColumn();
            logged.HasIndex(e => e.EventId).IsUnique();
            logged.HasIndex(e => new { e.TenantId, e.EventType, e.NaturalKey }).IsUnique();
            // Freshness: the newest event projected for a tenant.
            logged.HasIndex(e => new { e.TenantId, e.RecordedAt });
            logged.Property(e => e.EventType).HasMaxLength(60);
            logged.Property(e => e.NaturalKey).HasMaxLength(64);
            logged.Property(e => e.Payload).HasColumnType("jsonb");
        });

        modelBuilder.Entity<RemittanceStatement>(statement =>
        {
            statement.ToTable("remittance_statements");
            statement.HasKey(s => s.StatementId);
            statement.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            statement.HasIndex(s => new { s.TenantId, s.ClientId, s.PeriodStart });
            statement.Property(s => s.Currency).HasMaxLength(3).IsFixedLength();
            statement.Property(s => s.Collected).HasPrecision(18, 2);
            statement.Property(s => s.Reversed).HasPrecision(18, 2);
            statement.Property(s => s.Fees).HasPrecision(18, 2);
            statement.Property(s => s.NetDue).HasPrecision(18, 2);
        });
        // Kept by triggers (see AggregateTriggers); the KPI queries read them by tenant, dimension and value.
        modelBuilder.Entity<DailyFactTotal>(total =>
        {
            total.ToTable("report_daily_facts");
            total.HasKey(t => new { t.TenantId, t.Dim, t.DimValue, t.Kind, t.Day, t.Call, t.Connected, t.Currency });
            total.Property(t => t.Dim).HasMaxLength(12);
            total.Property(t => t.DimValue).HasMaxLength(100);
            total.Property(t => t.Kind).HasMaxLength(24);
            total.Property(t => t.Currency).HasMaxLength(3);
            total.Property(t => t.Amount).HasPrecision(20, 2);
            total.Property(t => t.Seconds).HasColumnType("numeric").HasDefaultValue(0m);
        });

        modelBuilder.Entity<AgentDayTotal>(total =>
        {
            total.ToTable("report_agent_days");
            total.HasKey(t => new { t.TenantId, t.Dim, t.DimValue, t.Day, t.Agent, t.Currency });
            total.Property(t => t.Dim).HasMaxLength(12);
            total.Property(t => t.DimValue).HasMaxLength(100);
            total.Property(t => t.Agent).HasMaxLength(100);
            total.Property(t => t.Currency).HasMaxLength(3);
            total.Property(t => t.Collected).HasPrecision(20, 2);
        });

        modelBuilder.Entity<AccountMonthTotal>(total =>
        {
            total.ToTable("report_account_months");
            total.HasKey(t => new { t.TenantId, t.Dim, t.DimValue, t.DelinquencyDate, t.PlacedMonth, t.ClosedMonth });
            total.Property(t => t.Dim).HasMaxLength(12);
            total.Property(t => t.DimValue).HasMaxLength(100);
        });

        // The KPI queries are hand-written SQL: snake_case columns keep them readable.
        foreach (var entity in new[] { typeof(ReportAccount), typeof(ReportFact), typeof(LoggedEvent), typeof(RemittanceStatement), typeof(DailyFactTotal), typeof(AccountMonthTotal), typeof(AgentDayTotal) })
        {
            foreach (var property in modelBuilder.Entity(entity).Metadata.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }

        modelBuilder.AddOutboxAndInbox();
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class ReportingDbContextDesignFactory : IDesignTimeDbContextFactory<ReportingDbContext>
{
    public ReportingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql("Host=localhost;Database=reporting").Options, new TenantContext());
}
