using Collections.Disputes.Domain;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Disputes.Infrastructure;

/// <summary>The Disputes service's own database. Every query is filtered to the scope's tenant.</summary>
public sealed class DisputesDbContext(DbContextOptions<DisputesDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<DisputableAccount> Accounts => Set<DisputableAccount>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DisputableAccount>(account =>
        {
            account.ToTable("disputable_accounts");
            account.HasKey(a => a.AccountId);
            account.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            account.HasIndex(a => a.TenantId);
            account.Property(a => a.ClientReference).HasMaxLength(64);
            account.Property(a => a.OriginalCreditor).HasMaxLength(200);
            account.Property(a => a.CurrentCreditor).HasMaxLength(200);
            account.Property(a => a.Currency).HasMaxLength(3);
            account.Property(a => a.Balance).HasPrecision(18, 2);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class DisputesDbContextDesignFactory : IDesignTimeDbContextFactory<DisputesDbContext>
{
    public DisputesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DisputesDbContext>().UseNpgsql("Host=localhost;Database=disputes").Options, new TenantContext());
}
