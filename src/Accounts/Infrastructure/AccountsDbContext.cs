using System.Text.Json;
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

    public DbSet<AccountHistoryEntry> AccountHistory => Set<AccountHistoryEntry>();

    public DbSet<PaymentPosting> PaymentPostings => Set<PaymentPosting>();

    public DbSet<BalanceAdjustment> BalanceAdjustments => Set<BalanceAdjustment>();

    public DbSet<ClientTerms> ClientTerms => Set<ClientTerms>();

    public DbSet<ConsumerContactChange> ConsumerContactHistory => Set<ConsumerContactChange>();

    public DbSet<SegmentationPolicy> SegmentationPolicies => Set<SegmentationPolicy>();

    public DbSet<Placement> Placements => Set<Placement>();

    public DbSet<PlacementReject> PlacementRejects => Set<PlacementReject>();

    /// <summary>Not tenant-owned: the law is the same for every tenant.</summary>
    public DbSet<LimitationPeriod> LimitationPeriods => Set<LimitationPeriod>();

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
            account.Property(a => a.Credit).HasPrecision(18, 2);
            account.Property(a => a.Segment).HasMaxLength(64);

            // Listing filters by client, status and segment, newest first; the stream walks by id.
            account.HasIndex(a => new { a.TenantId, a.PlacedAt, a.Id });
            account.HasIndex(a => new { a.TenantId, a.ClientId, a.PlacedAt });
            account.HasIndex(a => new { a.TenantId, a.Status });
            account.HasIndex(a => new { a.TenantId, a.Segment });

            // Payments, events and API calls change the same account concurrently: the row version
            // (PostgreSQL's xmin) turns a lost update into a retry (consumers) or a 409 (API).
            account.Property<uint>("Version").IsRowVersion();
            account.Ignore(a => a.Balance);
            account.Ignore(a => a.HoldKinds);
            account.HasMany(a => a.Holds).WithOne().HasForeignKey(h => h.AccountId).OnDelete(DeleteBehavior.Cascade);
            account.Navigation(a => a.Holds).HasField("holds").UsePropertyAccessMode(PropertyAccessMode.Field);
            account.HasMany(a => a.History).WithOne().HasForeignKey(h => h.AccountId).OnDelete(DeleteBehavior.Cascade);
            account.Navigation(a => a.History).HasField("history").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<AccountHold>(hold =>
        {
            hold.ToTable("account_holds");
            hold.HasKey(h => new { h.AccountId, h.Kind, h.Cause });
            hold.Property(h => h.Kind).HasMaxLength(32);
        });
        modelBuilder.Entity<AccountHistoryEntry>(entry =>
        {
            entry.ToTable("account_history");
            entry.HasKey(e => e.Id);

            // Ids are made by the domain; new entries reach the context through the account's navigation and must be inserted.
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.HasQueryFilter(e => e.TenantId == CurrentTenantId);
            entry.HasIndex(e => new { e.AccountId, e.At });
            entry.Property(e => e.Who).HasMaxLength(200);
            entry.Property(e => e.Change).HasConversion<string>().HasMaxLength(32);
            entry.Property(e => e.From).HasMaxLength(300);
            entry.Property(e => e.To).HasMaxLength(300);
            entry.Property(e => e.Why).HasMaxLength(1000);
        });
        modelBuilder.Entity<PaymentPosting>(posting =>
        {
            posting.ToTable("payment_postings");
            posting.HasKey(p => new { p.TenantId, p.PaymentId });
            posting.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            posting.HasIndex(p => p.AccountId);
            posting.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
            posting.Property(p => p.Amount).HasPrecision(18, 2);
            posting.Property(p => p.ToFees).HasPrecision(18, 2);
            posting.Property(p => p.ToInterest).HasPrecision(18, 2);
            posting.Property(p => p.ToPrincipal).HasPrecision(18, 2);
            posting.Property(p => p.ToCredit).HasPrecision(18, 2);
        });
        modelBuilder.Entity<BalanceAdjustment>(adjustment =>
        {
            adjustment.ToTable("balance_adjustments");
            adjustment.HasKey(a => new { a.TenantId, a.AdjustmentId });
            adjustment.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            adjustment.HasIndex(a => a.AccountId);
            adjustment.Property(a => a.Kind).HasMaxLength(32);
            adjustment.Property(a => a.Reason).HasMaxLength(500);
            adjustment.Property(a => a.MadeBy).HasMaxLength(200);
            adjustment.Property(a => a.Amount).HasPrecision(18, 2);
            adjustment.Property(a => a.ToFees).HasPrecision(18, 2);
            adjustment.Property(a => a.ToInterest).HasPrecision(18, 2);
            adjustment.Property(a => a.ToPrincipal).HasPrecision(18, 2);
        });
        modelBuilder.Entity<ClientTerms>(terms =>
        {
            terms.ToTable("clients");
            terms.HasKey(t => new { t.TenantId, t.ClientId });
            terms.HasQueryFilter(t => t.TenantId == CurrentTenantId);
            terms.Property(t => t.PaymentApplicationOrder).HasMaxLength(64);
            terms.Ignore(t => t.Order);
        });
        modelBuilder.Entity<LimitationPeriod>(period =>
        {
            period.ToTable("limitation_periods");
            period.HasKey(p => new { p.Jurisdiction, p.EffectiveFrom });
            period.Property(p => p.Jurisdiction).HasMaxLength(2);
            period.Property(p => p.StartsFrom).HasConversion<string>().HasMaxLength(32);
            period.Property(p => p.Source).HasMaxLength(300);
            period.HasData(LimitationPeriodsData.Seed);
        });
        modelBuilder.Entity<Consumer>(consumer =>
        {
            consumer.ToTable("consumers");
            consumer.HasKey(c => c.Id);
            consumer.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            // Placements look consumers up by date of birth, lower-case last name and postal code: an
            // index on an expression, which EF Core cannot model, made by the Placements migration.
            consumer.Property(c => c.FirstName).HasMaxLength(100);
            consumer.Property(c => c.LastName).HasMaxLength(100);
            consumer.Property(c => c.PostalCode).HasMaxLength(16);
            consumer.Ignore(c => c.CanBeRecognised);
            consumer.Ignore(c => c.Contact);
            consumer.Ignore(c => c.TimeZones);

            // Contact updates from the API, the portal and placements may race: the loser gets a 409.
            consumer.Property<uint>("Version").IsRowVersion();

            // Contact data lives on the consumer's row as JSON: a placement writes one row per consumer.
            consumer.ComplexCollection(c => c.Addresses, address => address.ToJson());
            consumer.ComplexCollection(c => c.Phones, phone => phone.ToJson());
            consumer.ComplexCollection(c => c.Emails, email => email.ToJson());
            consumer.Property(c => c.Language).HasMaxLength(35);

            // Search: numbers and emails through a GIN index on their keys, names by case-insensitive prefix.
            consumer.HasIndex(c => c.ContactKeys).HasMethod("gin");
            consumer.Property<string>(NameKeys.LastName).HasMaxLength(100).HasComputedColumnSql("lower(\"LastName\")", stored: true);
            consumer.Property<string>(NameKeys.FirstName).HasMaxLength(100).HasComputedColumnSql("lower(\"FirstName\")", stored: true);
            consumer.HasIndex(NameKeys.TenantId, NameKeys.LastName).HasOperators("", "text_pattern_ops");
            consumer.HasIndex(NameKeys.TenantId, NameKeys.FirstName).HasOperators("", "text_pattern_ops");
        });
        modelBuilder.Entity<ConsumerContactChange>(change =>
        {
            change.ToTable("consumer_contact_history");
            change.HasKey(c => c.Id);
            change.Property(c => c.Id).ValueGeneratedNever();
            change.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            change.HasIndex(c => new { c.ConsumerId, c.At });
            change.HasOne<Consumer>().WithMany().HasForeignKey(c => c.ConsumerId).OnDelete(DeleteBehavior.Cascade);
            change.Property(c => c.Who).HasMaxLength(200);
            change.Property(c => c.Why).HasMaxLength(1000);
            change.Property(c => c.Before).HasColumnType("jsonb");
            change.Property(c => c.After).HasColumnType("jsonb");
        });
        modelBuilder.Entity<SegmentationPolicy>(policy =>
        {
            policy.ToTable("segmentation_policies");
            policy.HasKey(p => p.TenantId);
            policy.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            policy.Property(p => p.UpdatedBy).HasMaxLength(200);
            policy.Property(p => p.Settings).HasColumnType("jsonb").HasConversion(
                settings => JsonSerializer.Serialize(settings, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<SegmentationSettings>(json, JsonSerializerOptions.Web) ?? SegmentationSettings.Default);
        });
        modelBuilder.Entity<Placement>(placement =>
        {
            placement.ToTable("placements");
            placement.HasKey(p => p.Id);
            placement.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            placement.HasIndex(p => new { p.TenantId, p.ClientId, p.StartedAt });
            placement.Property(p => p.Format).HasMaxLength(8);
            placement.Property(p => p.PlacedBy).HasMaxLength(200);
            placement.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            placement.Property(p => p.Failure).HasMaxLength(1000);
        });
        modelBuilder.Entity<PlacementReject>(reject =>
        {
            reject.ToTable("placement_rejects");
            reject.HasKey(r => new { r.PlacementId, r.RowNumber });
            reject.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            reject.HasOne<Placement>().WithMany().HasForeignKey(r => r.PlacementId).OnDelete(DeleteBehavior.Cascade);
            reject.Property(r => r.ClientReference).HasMaxLength(64);
            reject.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
            reject.Property(r => r.Reason).HasMaxLength(1000);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Shadow columns of the consumers table that name search uses.</summary>
internal static class NameKeys
{
    public const string TenantId = nameof(Consumer.TenantId);

    /// <summary>lower(LastName), stored, indexed for prefix search.</summary>
    public const string LastName = "LastNameKey";

    /// <summary>lower(FirstName), stored, indexed for prefix search.</summary>
    public const string FirstName = "FirstNameKey";
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class AccountsDbContextDesignFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AccountsDbContext>().UseNpgsql("Host=localhost;Database=accounts").Options, new TenantContext());
}
