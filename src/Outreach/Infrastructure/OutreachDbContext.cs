using Collections.Outreach.Domain;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Outreach.Infrastructure;

/// <summary>The Outreach service's own database. Every query is filtered to the scope's tenant.</summary>
public sealed class OutreachDbContext(DbContextOptions<OutreachDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<ContactableAccount> Accounts => Set<ContactableAccount>();

    public DbSet<ContactProfile> Profiles => Set<ContactProfile>();

    public DbSet<RecordedContact> Attempts => Set<RecordedContact>();

    public DbSet<ContactSummary> ContactSummaries => Set<ContactSummary>();

    public DbSet<QueuedCall> QueuedCalls => Set<QueuedCall>();

    public DbSet<PromiseToPay> Promises => Set<PromiseToPay>();
    public DbSet<ContactStrategy> Strategies => Set<ContactStrategy>();

    public DbSet<SegmentSplit> SegmentSplits => Set<SegmentSplit>();

    public DbSet<StrategyAssignment> StrategyAssignments => Set<StrategyAssignment>();

    public DbSet<StrategyRun> StrategyRuns => Set<StrategyRun>();

    public DbSet<PlannedContact> PlannedContacts => Set<PlannedContact>();

    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();

    public DbSet<SentMessage> SentMessages => Set<SentMessage>();

    public DbSet<SmsWebhookSecret> SmsWebhookSecrets => Set<SmsWebhookSecret>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContactableAccount>(account =>
        {
            account.ToTable("contactable_accounts");
            account.HasKey(a => a.AccountId);
            account.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            account.HasIndex(a => a.TenantId);
            account.Property(a => a.ConsumerName).HasMaxLength(200);
            account.Property(a => a.Jurisdiction).HasMaxLength(2);
            account.Property(a => a.Status).HasMaxLength(32);
            account.HasIndex(a => new { a.TenantId, a.ConsumerId });
            account.Property(a => a.Currency).HasMaxLength(3);
            account.Property(a => a.Segment).HasMaxLength(100);
        });
        modelBuilder.Entity<QueuedCall>(entry =>
        {
            entry.ToTable("work_queue");
            entry.HasKey(q => q.Id);
            entry.HasQueryFilter(q => q.TenantId == CurrentTenantId);
            entry.HasIndex(q => new { q.TenantId, q.AccountId, q.Reason, q.Day }).IsUnique();
            entry.HasIndex(q => new { q.TenantId, q.NotBefore }).HasFilter("\"CompletedAt\" IS NULL");
            entry.Property(q => q.Queue).HasMaxLength(16);
            entry.Property(q => q.Reason).HasMaxLength(32);
            entry.Property(q => q.CallbackNumber).HasMaxLength(16);
            entry.Property(q => q.LeasedBy).HasMaxLength(64);
            entry.Property(q => q.CompletedBy).HasMaxLength(64);
        });
        modelBuilder.Entity<PromiseToPay>(promise =>
        {
            promise.ToTable("promises_to_pay");
            promise.HasKey(p => p.Id);
            promise.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            promise.HasIndex(p => new { p.TenantId, p.AccountId });
            promise.HasIndex(p => p.BreaksAt).HasFilter("\"Status\" = 'Open'");
            promise.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            promise.Property(p => p.Currency).HasMaxLength(3);
            promise.Property(p => p.PaymentChannel).HasMaxLength(16);
            promise.Property(p => p.RecordedBy).HasMaxLength(64);
            promise.OwnsMany(p => p.Payments, p => p.ToJson("payments"));
        });
        modelBuilder.Entity<ContactProfile>(profile =>
        {
            profile.ToTable("contact_profiles");
            profile.HasKey(p => p.ConsumerId);
            profile.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            profile.OwnsMany(p => p.TcpaConsents, c => c.ToJson("tcpa_consents"));
            profile.OwnsMany(p => p.InconvenientTimes, t => t.ToJson("inconvenient_times"));
            profile.Property(p => p.PreferredChannel).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<RecordedContact>(attempt =>
        {
            attempt.ToTable("contact_attempts");
            attempt.HasKey(a => a.Id);
            attempt.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            attempt.HasIndex(a => new { a.TenantId, a.AccountId, a.At });
            attempt.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
            attempt.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(32);
            attempt.Property(a => a.PhoneNumberType).HasConversion<string>().HasMaxLength(16);
            attempt.Property(a => a.PhoneNumber).HasMaxLength(16);
            attempt.Property(a => a.EmailAddress).HasMaxLength(254);
            attempt.Property(a => a.RecordedBy).HasMaxLength(64);
        });
        modelBuilder.Entity<ContactSummary>(summary =>
        {
            summary.ToTable("contact_summaries");
            summary.HasKey(s => new { s.TenantId, s.AccountId });
            summary.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            summary.Property(s => s.Recent).HasColumnType("jsonb");
        });
        modelBuilder.Entity<ContactStrategy>(strategy =>
        {
            strategy.ToTable("contact_strategies");
            strategy.HasKey(s => s.Id);
            strategy.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            strategy.HasIndex(s => new { s.TenantId, s.StrategyId, s.Version }).IsUnique();
            strategy.HasIndex(s => new { s.TenantId, s.Segment });
            strategy.Property(s => s.Name).HasMaxLength(100);
            strategy.Property(s => s.Segment).HasMaxLength(100);
            strategy.Property(s => s.CreatedBy).HasMaxLength(64);
            strategy.OwnsMany(s => s.Steps, step =>
            {
                step.ToJson("steps");
                step.Property(x => x.Channel).HasConversion<string>();
            });
        });
        modelBuilder.Entity<SegmentSplit>(split =>
        {
            split.ToTable("segment_splits");
            split.HasKey(s => new { s.TenantId, s.Segment });
            split.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            split.Property(s => s.Segment).HasMaxLength(100);
        });
        modelBuilder.Entity<StrategyAssignment>(assignment =>
        {
            assignment.ToTable("strategy_assignments");
            assignment.HasKey(a => a.AccountId);
            assignment.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            assignment.HasIndex(a => new { a.TenantId, a.AccountId });
            assignment.Property(a => a.Segment).HasMaxLength(100);
            assignment.Property(a => a.Arm).HasMaxLength(16);
        });
        modelBuilder.Entity<StrategyRun>(run =>
        {
            run.ToTable("strategy_runs");
            run.HasKey(r => new { r.TenantId, r.BusinessDate });
            run.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            run.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.Error).HasMaxLength(2000);
        });
        modelBuilder.Entity<PlannedContact>(action =>
        {
            action.ToTable("planned_contacts");
            action.HasKey(a => a.Id);
            action.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            action.HasIndex(a => new { a.TenantId, a.AccountId, a.BusinessDate, a.StepKey }).IsUnique();
            action.HasIndex(a => new { a.State, a.ScheduledAt });
            action.Property(a => a.StepKey).HasMaxLength(64);
            action.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
            action.Property(a => a.TargetType).HasConversion<string>().HasMaxLength(16);
            action.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
            action.Property(a => a.TemplateKey).HasMaxLength(64);
            action.Property(a => a.Target).HasMaxLength(254);
            action.Property(a => a.Language).HasMaxLength(8);
            action.Property(a => a.Reasons).HasMaxLength(1000);
            action.Property(a => a.DueCurrency).HasMaxLength(3);
        });
        modelBuilder.Entity<MessageTemplate>(template =>
        {
            template.ToTable("message_templates");
            template.HasKey(t => new { t.TenantId, t.Key, t.Channel, t.Language });
            template.HasQueryFilter(t => t.TenantId == CurrentTenantId);
            template.Property(t => t.Key).HasMaxLength(64);
            template.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
            template.Property(t => t.Language).HasMaxLength(8);
            template.Property(t => t.Subject).HasMaxLength(200);
            template.Property(t => t.Body).HasMaxLength(20000);
        });
        modelBuilder.Entity<SentMessage>(message =>
        {
            message.ToTable("sent_messages");
            message.HasKey(m => m.Id);
            message.HasQueryFilter(m => m.TenantId == CurrentTenantId);
            message.HasIndex(m => new { m.TenantId, m.AccountId, m.SentAt });
            message.HasIndex(m => new { m.TenantId, m.To });
            message.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.To).HasMaxLength(254);
            message.Property(m => m.Subject).HasMaxLength(200);
            message.Property(m => m.Language).HasMaxLength(8);
        });
        modelBuilder.Entity<SmsWebhookSecret>(secret =>
        {
            secret.ToTable("sms_webhook_secrets");
            secret.HasKey(s => s.TenantId);
            secret.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            secret.Property(s => s.SecretHash).HasMaxLength(64);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class OutreachDbContextDesignFactory : IDesignTimeDbContextFactory<OutreachDbContext>
{
    public OutreachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OutreachDbContext>().UseNpgsql("Host=localhost;Database=outreach").Options, new TenantContext());
}
