using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Reporting.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Reporting.Infrastructure;

/// <summary>Reporting's read model, built only from integration events. Every query is filtered to the scope's tenant.</summary>
public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<PlacedAccount> PlacedAccounts => Set<PlacedAccount>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PlacedAccount>(account =>
        {
            account.ToTable("placed_accounts");
            account.HasKey(a => a.AccountId);
            account.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            account.HasIndex(a => new { a.TenantId, a.PlacedAt });
            // A client's portfolio sums only its own placements.
            account.HasIndex(a => new { a.TenantId, a.ClientId });
            account.Property(a => a.Currency).HasMaxLength(3).IsFixedLength();
            account.Property(a => a.PlacedBalance).HasPrecision(18, 2);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class ReportingDbContextDesignFactory : IDesignTimeDbContextFactory<ReportingDbContext>
{
    public ReportingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql("Host=localhost;Database=reporting").Options, new TenantContext());
}
