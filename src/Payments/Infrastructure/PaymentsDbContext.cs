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

    public DbSet<ContingencyFeeRate> ContingencyFeeRates => Set<ContingencyFeeRate>();

    public DbSet<ClientPayee> ClientPayees => Set<ClientPayee>();

    public DbSet<RemittanceOriginator> RemittanceOriginators => Set<RemittanceOriginator>();

    public DbSet<RemittanceStatement> RemittanceStatements => Set<RemittanceStatement>();

    public DbSet<StatementLine> StatementLines => Set<StatementLine>();

    public DbSet<Receipt> Receipts => Set<Receipt>();

    public DbSet<DocumentCounter> DocumentCounters => Set<DocumentCounter>();

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
            entry.HasIndex(e => new { e.TenantId, e.StatementId });
            entry.Property(e => e.Ledger).HasConversion<string>().HasMaxLength(32);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Debit).HasPrecision(18, 2);
            entry.Property(e => e.Credit).HasPrecision(18, 2);
            entry.Property(e => e.FeePercent).HasPrecision(5, 2);
        });
        modelBuilder.Entity<ContingencyFeeRate>(rate =>
        {
            rate.ToTable("contingency_fee_rates");
            rate.HasKey(r => new { r.TenantId, r.ClientId, r.EffectiveFrom });
            rate.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            rate.Property(r => r.Percent).HasPrecision(5, 2);
        });
        modelBuilder.Entity<ClientPayee>(payee =>
        {
            payee.ToTable("client_payees");
            payee.HasKey(p => new { p.TenantId, p.ClientId });
            payee.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            payee.Property(p => p.Name).HasMaxLength(ClientPayee.MaxNameLength);
            payee.Property(p => p.AccountName).HasMaxLength(22);
            payee.Property(p => p.RoutingNumber).HasMaxLength(9);
            payee.Property(p => p.AccountLastFour).HasMaxLength(4);
            payee.Property(p => p.AccountType).HasConversion<string>().HasMaxLength(16);
            payee.Property(p => p.BankAccountChangedBy).HasMaxLength(200);
            payee.Ignore(p => p.HasBankAccount);
        });
        modelBuilder.Entity<RemittanceOriginator>(originator =>
        {
            originator.ToTable("remittance_originators");
            originator.HasKey(o => o.TenantId);
            originator.HasQueryFilter(o => o.TenantId == CurrentTenantId);
            originator.Property(o => o.CompanyName).HasMaxLength(16);
            originator.Property(o => o.CompanyIdentification).HasMaxLength(10);
            originator.Property(o => o.OriginatingBankRouting).HasMaxLength(9);
            originator.Property(o => o.OriginatingBankName).HasMaxLength(23);
        });
        modelBuilder.Entity<RemittanceStatement>(statement =>
        {
            statement.ToTable("remittance_statements");
            statement.HasKey(s => s.Id);
            statement.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            statement.HasIndex(s => new { s.TenantId, s.Number }).IsUnique();
            statement.HasIndex(s => new { s.TenantId, s.ClientId, s.Currency, s.PeriodEnd });
            statement.Property(s => s.Currency).HasMaxLength(3);
            statement.Property(s => s.TimeZone).HasMaxLength(64);
            statement.Property(s => s.IssuedBy).HasMaxLength(200);
            statement.Property(s => s.Collected).HasPrecision(18, 2);
            statement.Property(s => s.Reversed).HasPrecision(18, 2);
            statement.Property(s => s.Fees).HasPrecision(18, 2);
            statement.Property(s => s.NetDue).HasPrecision(18, 2);
            statement.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.StatementId);
            statement.Navigation(s => s.Lines).HasField("lines").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<StatementLine>(line =>
        {
            line.ToTable("remittance_statement_lines");
            line.HasKey(l => l.Id);
            line.Property(l => l.Id).UseIdentityAlwaysColumn();
            line.HasQueryFilter(l => l.TenantId == CurrentTenantId);
            // A payment and its reversal are each carried by exactly one statement.
            line.HasIndex(l => new { l.TenantId, l.PaymentId, l.Kind }).IsUnique();
            line.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
            line.Property(l => l.ClientReference).HasMaxLength(64);
            line.Property(l => l.Amount).HasPrecision(18, 2);
            line.Property(l => l.FeePercent).HasPrecision(5, 2);
            line.Property(l => l.Fee).HasPrecision(18, 2);
            line.Property(l => l.Net).HasPrecision(18, 2);
        });
        modelBuilder.Entity<Receipt>(receipt =>
        {
            receipt.ToTable("receipts");
            receipt.HasKey(r => r.Id);
            receipt.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            receipt.HasIndex(r => new { r.TenantId, r.Number }).IsUnique();
            receipt.HasIndex(r => new { r.TenantId, r.PaymentId }).IsUnique();
            receipt.HasIndex(r => new { r.TenantId, r.AccountId });
            receipt.Property(r => r.ClientReference).HasMaxLength(64);
            receipt.Property(r => r.Amount).HasPrecision(18, 2);
            receipt.Property(r => r.RemainingBalance).HasPrecision(18, 2);
            receipt.Property(r => r.Currency).HasMaxLength(3);
            receipt.Property(r => r.Method).HasConversion<string>().HasMaxLength(16);
            receipt.Property(r => r.Brand).HasMaxLength(64);
            receipt.Property(r => r.LastFour).HasMaxLength(4);
        });
        modelBuilder.Entity<DocumentCounter>(counter =>
        {
            counter.ToTable("document_counters");
            counter.HasKey(c => new { c.TenantId, c.Kind });
            counter.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            counter.Property(c => c.Kind).HasMaxLength(32);
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
