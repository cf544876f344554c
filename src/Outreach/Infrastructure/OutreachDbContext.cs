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
