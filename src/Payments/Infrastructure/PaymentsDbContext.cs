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

    public DbSet<PaymentPlan> PaymentPlans => Set<PaymentPlan>();

    public DbSet<Settlement> Settlements => Set<Settlement>();

    public DbSet<ClientSettlementTerms> ClientSettlementTerms => Set<ClientSettlementTerms>();

    public DbSet<PortalPlanRules> PortalPlanRules => Set<PortalPlanRules>();

    public DbSet<AuditEntry> History => Set<AuditEntry>();

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
            payment.HasIndex(p => p.PaymentPlanId);
            payment.HasIndex(p => p.SettlementId);
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
        ConfigurePlansAndSettlements(modelBuilder);
        modelBuilder.AddOutboxAndInbox();
    }

    private void ConfigurePlansAndSettlements(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PaymentPlan>(plan =>
        {
            plan.ToTable("payment_plans");
            plan.HasKey(p => p.Id);
            plan.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            plan.HasIndex(p => new { p.TenantId, p.AccountId });
            plan.HasIndex(p => new { p.Status, p.TenantId });
            plan.Property(p => p.Total).HasPrecision(18, 3);
            plan.Property(p => p.Currency).HasMaxLength(3);
            plan.Property(p => p.Frequency).HasConversion<string>().HasMaxLength(16);
            plan.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            plan.Property(p => p.CreatedBy).HasMaxLength(128);
            plan.Property(p => p.AutopayToken).HasMaxLength(255);
            plan.Property(p => p.AutopayMethod).HasConversion<string>().HasMaxLength(16);
            plan.Ignore(p => p.Autopay);
            plan.Ignore(p => p.NextUnpaid);
            plan.Ignore(p => p.CanBeRenegotiated);
            plan.OwnsMany(p => p.Instalments, instalment =>
            {
                instalment.ToTable("payment_plan_instalments");
                instalment.WithOwner().HasForeignKey(i => i.PaymentPlanId);
                instalment.HasKey(i => new { i.PaymentPlanId, i.Number });
                instalment.Property(i => i.Amount).HasPrecision(18, 3);
                instalment.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            });
            plan.Navigation(p => p.Instalments).HasField("instalments").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<Settlement>(settlement =>
        {
            settlement.ToTable("settlements");
            settlement.HasKey(s => s.Id);
            settlement.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            settlement.HasIndex(s => new { s.TenantId, s.AccountId });
            settlement.HasIndex(s => new { s.Status, s.TenantId });
            settlement.Property(s => s.Currency).HasMaxLength(3);
            settlement.Property(s => s.BalanceAtOffer).HasPrecision(18, 3);
            settlement.Property(s => s.Amount).HasPrecision(18, 3);
            settlement.Property(s => s.PaidAmount).HasPrecision(18, 3);
            settlement.Property(s => s.DiscountPercent).HasPrecision(7, 2);
            settlement.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            settlement.Property(s => s.RequiredApprover).HasConversion<string>().HasMaxLength(16);
            settlement.Property(s => s.ApprovedBy).HasConversion<string>().HasMaxLength(16);
            settlement.Property(s => s.OfferedBy).HasMaxLength(128);
            settlement.Property(s => s.DecidedBy).HasMaxLength(128);
            settlement.Ignore(s => s.IsOpen);
            settlement.Ignore(s => s.Remaining);
        });
        modelBuilder.Entity<ClientSettlementTerms>(terms =>
        {
            terms.ToTable("client_settlement_terms");
            terms.HasKey(t => new { t.TenantId, t.ClientId });
            terms.HasQueryFilter(t => t.TenantId == CurrentTenantId);
            terms.Property(t => t.AgentDiscountPercent).HasPrecision(5, 2);
            terms.Property(t => t.SupervisorDiscountPercent).HasPrecision(5, 2);
            terms.Ignore(t => t.Limits);
        });
        modelBuilder.Entity<PortalPlanRules>(rules =>
        {
            rules.ToTable("portal_plan_rules");
            rules.HasKey(r => r.TenantId);
            rules.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            rules.Property(r => r.MinInstalmentAmount).HasPrecision(18, 3);
        });
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("plan_and_settlement_history");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.HasQueryFilter(e => e.TenantId == CurrentTenantId);
            entry.HasIndex(e => new { e.TenantId, e.SubjectId });
            entry.Property(e => e.SubjectType).HasMaxLength(16);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Actor).HasMaxLength(160);
            entry.Property(e => e.Reason).HasMaxLength(500);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class PaymentsDbContextDesignFactory : IDesignTimeDbContextFactory<PaymentsDbContext>
{
    public PaymentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql("Host=localhost;Database=payments").Options, new TenantContext());
}
