using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Payments.Infrastructure;

/// <summary>The Payments service's own database. Every query is filtered to the scope's tenant.</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<PayableAccount> Accounts => Set<PayableAccount>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PayableAccount>(account =>
        {
            account.ToTable("payable_accounts");
            account.HasKey(a => a.AccountId);
            account.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            account.HasIndex(a => a.TenantId);
            account.Property(a => a.ClientReference).HasMaxLength(64);
            account.Property(a => a.Currency).HasMaxLength(3);
            account.Property(a => a.Balance).HasPrecision(18, 2);
        });
        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.Id);
            payment.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            payment.HasIndex(p => new { p.TenantId, p.AccountId });
            payment.HasIndex(p => p.ProcessorChargeId);
            payment.Property(p => p.Amount).HasPrecision(18, 2);
            payment.Property(p => p.Currency).HasMaxLength(3);
            payment.Property(p => p.Method).HasConversion<string>().HasMaxLength(16);
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(32);
            payment.Property(p => p.PaymentToken).HasMaxLength(255);
            payment.Property(p => p.Brand).HasMaxLength(64);
            payment.Property(p => p.LastFour).HasMaxLength(4);
            payment.Property(p => p.ProcessorChargeId).HasMaxLength(255);
            payment.Property(p => p.DeclineCode).HasMaxLength(64);
            payment.Property(p => p.ReversalReason).HasMaxLength(64);
            payment.Ignore(p => p.IsPosted);
        });
        modelBuilder.Entity<JournalEntry>(entry =>
        {
            entry.ToTable("journal_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.HasQueryFilter(e => e.TenantId == CurrentTenantId);
            entry.HasIndex(e => new { e.TenantId, e.PaymentId });
            entry.Property(e => e.Ledger).HasConversion<string>().HasMaxLength(32);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Debit).HasPrecision(18, 2);
            entry.Property(e => e.Credit).HasPrecision(18, 2);
        });
        modelBuilder.Entity<IdempotentRequest>(request =>
        {
            request.ToTable("idempotent_requests");
            request.HasKey(r => new { r.TenantId, r.Key });
            request.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            request.HasIndex(r => r.CreatedAt);
            request.Property(r => r.Key).HasMaxLength(255);
            request.Property(r => r.RequestHash).HasMaxLength(64);
            request.Property(r => r.ResponseContentType).HasMaxLength(64);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class PaymentsDbContextDesignFactory : IDesignTimeDbContextFactory<PaymentsDbContext>
{
    public PaymentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql("Host=localhost;Database=payments").Options, new TenantContext());
}
