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

    public DbSet<QueuedCall> QueuedCalls => Set<QueuedCall>();

    public DbSet<PromiseToPay> Promises => Set<PromiseToPay>();

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
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class OutreachDbContextDesignFactory : IDesignTimeDbContextFactory<OutreachDbContext>
{
    public OutreachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OutreachDbContext>().UseNpgsql("Host=localhost;Database=outreach").Options, new TenantContext());
}
