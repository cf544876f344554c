using Collections.Accounts.Domain;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Accounts.Infrastructure;

/// <summary>The Accounts service's own database. Every query of accounts and consumers is filtered to the scope's tenant.</summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Consumer> Consumers => Set<Consumer>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            account.HasIndex(a => new { a.TenantId, a.ClientId, a.ClientReference }).IsUnique();
            account.HasIndex(a => new { a.TenantId, a.ClientReference });
            account.HasOne(a => a.Consumer).WithMany().HasForeignKey(a => a.ConsumerId).OnDelete(DeleteBehavior.Restrict);
            account.Property(a => a.ClientReference).HasMaxLength(64);
            account.Property(a => a.OriginalCreditor).HasMaxLength(200);
            account.Property(a => a.CurrentCreditor).HasMaxLength(200);
            account.Property(a => a.Jurisdiction).HasMaxLength(2);
            account.Property(a => a.Currency).HasMaxLength(3).IsFixedLength();
            account.Property(a => a.Principal).HasPrecision(18, 2);
            account.Property(a => a.Interest).HasPrecision(18, 2);
            account.Property(a => a.Fees).HasPrecision(18, 2);
            account.Property(a => a.Status).HasConversion<string>().HasMaxLength(32);
            account.Ignore(a => a.Balance);
        });
        modelBuilder.Entity<Consumer>(consumer =>
        {
            consumer.ToTable("consumers");
            consumer.HasKey(c => c.Id);
            consumer.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            // Placements look consumers up by date of birth (then last name and postal code).
            consumer.HasIndex(c => new { c.TenantId, c.DateOfBirth });
            consumer.Property(c => c.FirstName).HasMaxLength(100);
            consumer.Property(c => c.LastName).HasMaxLength(100);
            consumer.Property(c => c.PostalCode).HasMaxLength(16);
            consumer.Ignore(c => c.CanBeRecognised);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class AccountsDbContextDesignFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AccountsDbContext>().UseNpgsql("Host=localhost;Database=accounts").Options, new TenantContext());
}
