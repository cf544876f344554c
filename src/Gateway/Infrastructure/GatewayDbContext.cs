using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Gateway.Audit;
using Collections.Gateway.Identity;
using Collections.Gateway.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Gateway.Infrastructure;

/// <summary>
/// The gateway's own database: tenants, staff users, client businesses and their API keys, refresh
/// tokens, consumer sign-in guards, the audit trail, clients' webhook endpoints and deliveries, and
/// the Data Protection key ring that encrypts webhook secrets. Authentication reads across tenants
/// (it is what establishes the tenant); every admin endpoint reads through the tenant filters.
/// </summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options, TenantContext tenant) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<StaffUser> Users => Set<StaffUser>();

    public DbSet<ClientBusiness> Clients => Set<ClientBusiness>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ConsumerSignInGuard> ConsumerSignInGuards => Set<ConsumerSignInGuard>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(t =>
        {
            t.ToTable("tenants");
            t.HasKey(x => x.Id);
            t.HasIndex(x => x.Slug).IsUnique();
            t.Property(x => x.Slug).HasMaxLength(63);
            t.Property(x => x.Name).HasMaxLength(200);
            t.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            t.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            t.ComplexProperty(x => x.RateLimits);
        });

        modelBuilder.Entity<StaffUser>(u =>
        {
            u.ToTable("staff_users");
            u.HasKey(x => x.Id);
            u.HasQueryFilter(x => x.TenantId == CurrentTenantId);
            u.HasIndex(x => new { x.TenantId, x.Email }).IsUnique();
            u.Property(x => x.Email).HasMaxLength(254);
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.Property(x => x.PasswordHash).HasMaxLength(200);
        });

        modelBuilder.Entity<ClientBusiness>(c =>
        {
            c.ToTable("clients");
            c.HasKey(x => x.Id);
            c.HasQueryFilter(x => x.TenantId == CurrentTenantId);
            c.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
            c.Property(x => x.Name).HasMaxLength(200);
            c.OwnsOne(x => x.Settings, s =>
            {
                s.ToJson("settings");
                s.Property(x => x.PaymentApplicationOrder);
            });
        });

        modelBuilder.Entity<ApiKey>(k =>
        {
            k.ToTable("api_keys");
            k.HasKey(x => x.Id);
            k.HasQueryFilter(x => x.TenantId == CurrentTenantId);
            k.HasIndex(x => x.Prefix).IsUnique();
            k.HasIndex(x => new { x.TenantId, x.ClientId });
            k.Property(x => x.Prefix).HasMaxLength(32);
            k.Property(x => x.Name).HasMaxLength(100);
        });

        modelBuilder.Entity<RefreshToken>(r =>
        {
            r.ToTable("refresh_tokens");
            r.HasKey(x => x.Id);
            r.HasIndex(x => x.Hash).IsUnique();
            r.HasIndex(x => x.FamilyId);
            r.HasIndex(x => x.UserId);
        });

        modelBuilder.Entity<ConsumerSignInGuard>(g =>
        {
            g.ToTable("consumer_sign_in_guards");
            g.HasKey(x => new { x.TenantId, x.AccountReference });
            g.Property(x => x.AccountReference).HasMaxLength(64);
        });

        modelBuilder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_entries");
            a.HasKey(x => x.Id);
            a.HasQueryFilter(x => x.TenantId == CurrentTenantId);
            a.HasIndex(x => new { x.TenantId, x.Sequence }).IsUnique();
            a.HasIndex(x => new { x.TenantId, x.At });
            a.Property(x => x.Actor).HasMaxLength(20);
            a.Property(x => x.Subject).HasMaxLength(64);
            a.Property(x => x.Credential).HasMaxLength(64);
            a.Property(x => x.Method).HasMaxLength(10);
            a.Property(x => x.Path).HasMaxLength(400);
            a.Property(x => x.RemoteAddress).HasMaxLength(64);
            a.Property(x => x.CorrelationId).HasMaxLength(128);
        });

        modelBuilder.Entity<WebhookEndpoint>(e =>
        {
            e.ToTable("webhook_endpoints");
            e.HasKey(x => x.Id);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
            e.HasIndex(x => new { x.TenantId, x.ClientId });
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.ProtectedSecret).HasMaxLength(1000);
        });

        modelBuilder.Entity<WebhookDelivery>(d =>
        {
            d.ToTable("webhook_deliveries");
            d.HasKey(x => x.Id);
            d.HasQueryFilter(x => x.TenantId == CurrentTenantId);
            d.HasIndex(x => new { x.EndpointId, x.EventId }).IsUnique();
            d.HasIndex(x => new { x.TenantId, x.ClientId, x.CreatedAt });
            d.HasIndex(x => x.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("\"Status\" = 'Pending'");
            d.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Restrict);
            d.Property(x => x.EventType).HasMaxLength(50);
            d.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            d.Property(x => x.Version).IsRowVersion();
            d.OwnsMany(x => x.Attempts, a =>
            {
                a.ToTable("webhook_delivery_attempts");
                a.WithOwner().HasForeignKey("DeliveryId");
                a.HasKey("DeliveryId", nameof(WebhookDeliveryAttempt.Number));
                a.Property(x => x.Number).ValueGeneratedNever();
                a.Property(x => x.Error).HasMaxLength(WebhookDeliveryAttempt.MaxErrorLength);
            });
        });

        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the gateway.</summary>
internal sealed class GatewayDbContextDesignFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>().UseNpgsql("Host=localhost;Database=gateway").Options, new TenantContext());
}
