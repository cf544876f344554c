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
