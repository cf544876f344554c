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
