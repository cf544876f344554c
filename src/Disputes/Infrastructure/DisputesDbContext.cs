using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Disputes.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Collections.Disputes.Infrastructure;

/// <summary>The Disputes service's own database. Every query is filtered to the scope's tenant.</summary>
public sealed class DisputesDbContext(DbContextOptions<DisputesDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<DisputableAccount> Accounts => Set<DisputableAccount>();

    public DbSet<ValidationNotice> ValidationNotices => Set<ValidationNotice>();

    public DbSet<Dispute> Disputes => Set<Dispute>();

    public DbSet<ConsumerRequest> ConsumerRequests => Set<ConsumerRequest>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    /// <summary>Documents attached to disputes and complaints (metadata).</summary>
    public DbSet<Attachment> Attachments => Set<Attachment>();

    /// <summary>The bytes of the attachments.</summary>
    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    /// <summary>The append-only history of disputes, consumer requests and complaints.</summary>
    public DbSet<CaseHistoryEntry> CaseHistory => Set<CaseHistoryEntry>();

    /// <summary>Saves, refusing to change or delete history: it is append-only.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (ChangeTracker.Entries<CaseHistoryEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Case history is append-only; an entry may not be changed or deleted.");
        }

        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

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
        modelBuilder.Entity<ValidationNotice>(notice =>
        {
            notice.ToTable("validation_notices");
            notice.HasKey(n => n.Id);
            notice.HasQueryFilter(n => n.TenantId == CurrentTenantId);
            notice.HasIndex(n => n.AccountId).IsUnique();
            notice.Property(n => n.AccountReference).HasMaxLength(64);
            notice.Property(n => n.CreditorOnItemizationDate).HasMaxLength(200);
            notice.Property(n => n.CurrentCreditor).HasMaxLength(200);
            notice.Property(n => n.Currency).HasMaxLength(3);
            notice.Property(n => n.AmountOnItemizationDate).HasPrecision(18, 2);
            notice.Property(n => n.InterestSinceItemization).HasPrecision(18, 2);
            notice.Property(n => n.FeesSinceItemization).HasPrecision(18, 2);
            notice.Property(n => n.PaymentsSinceItemization).HasPrecision(18, 2);
            notice.Property(n => n.CreditsSinceItemization).HasPrecision(18, 2);
            notice.Property(n => n.CurrentAmount).HasPrecision(18, 2);
            notice.Ignore(n => n.Period);
        });

        modelBuilder.Entity<Dispute>(dispute =>
        {
            dispute.ToTable("disputes");
            dispute.HasKey(d => d.Id);
            dispute.HasQueryFilter(d => d.TenantId == CurrentTenantId);
            dispute.Property(d => d.Reason).HasMaxLength(32);
            dispute.Property(d => d.Channel).HasMaxLength(16);
            dispute.Property(d => d.Details).HasMaxLength(2000);
            dispute.Property(d => d.Outcome).HasMaxLength(32);
            dispute.Property(d => d.Status).HasConversion<string>().HasMaxLength(32);
            dispute.Property(d => d.VerificationStage).HasMaxLength(32);
            dispute.Property(d => d.ClientResponseNote).HasMaxLength(2000);

            // One open dispute per account and reason: a second one is linked to it, even when both arrive at once.
            dispute.HasIndex(d => new { d.AccountId, d.Reason }).IsUnique().HasFilter("\"Status\" = 'Open'");
        });

        modelBuilder.Entity<ConsumerRequest>(request =>
        {
            request.ToTable("consumer_requests");
            request.HasKey(r => r.Id);
            request.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            request.HasIndex(r => r.AccountId);
            request.Property(r => r.Kind).HasMaxLength(32);
            request.Property(r => r.AttorneyName).HasMaxLength(200);
            request.Property(r => r.AttorneyPhone).HasMaxLength(32);
            request.Property(r => r.AttorneyAddress).HasMaxLength(500);
            request.Property(r => r.BankruptcyCaseNumber).HasMaxLength(64);
            request.Property(r => r.EvidenceNote).HasMaxLength(2000);
            request.Property(r => r.ReversalReason).HasMaxLength(2000);
            request.Ignore(r => r.IsReversed);
            request.Ignore(r => r.RolesThatMayReverse);
        });

        modelBuilder.Entity<Complaint>(complaint =>
        {
            complaint.ToTable("complaints");
            complaint.HasKey(c => c.Id);
            complaint.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            complaint.HasIndex(c => c.AccountId);
            complaint.HasIndex(c => new { c.TenantId, c.Status });
            complaint.Property(c => c.Source).HasMaxLength(16);
            complaint.Property(c => c.RegulatorReference).HasMaxLength(64);
            complaint.Property(c => c.Category).HasMaxLength(32);
            complaint.Property(c => c.Severity).HasMaxLength(16);
            complaint.Property(c => c.Description).HasMaxLength(2000);
            complaint.Property(c => c.AgentId).HasMaxLength(200);
            complaint.Property(c => c.OwnerId).HasMaxLength(200);
            complaint.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            complaint.Property(c => c.FirstResponse).HasMaxLength(1000);
            complaint.Property(c => c.RootCause).HasMaxLength(500);
            complaint.Property(c => c.Resolution).HasMaxLength(1000);

            // The escalation sweeper and staff may change a complaint at the same moment: the later save loses.
            complaint.Property<uint>("xmin").IsRowVersion();
        });

        modelBuilder.Entity<Attachment>(attachment =>
        {
            attachment.ToTable("attachments");
            attachment.HasKey(a => a.Id);
            attachment.HasQueryFilter(a => a.TenantId == CurrentTenantId);
            attachment.HasIndex(a => new { a.CaseId, a.UploadedAt });
            attachment.Property(a => a.CaseKind).HasMaxLength(16);
            attachment.Property(a => a.FileName).HasMaxLength(255);
            attachment.Property(a => a.ContentType).HasMaxLength(64);
            attachment.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
            attachment.Property(a => a.UploadedBy).HasMaxLength(200);
            attachment.Property(a => a.UploaderKind).HasMaxLength(16);
        });

        modelBuilder.Entity<AttachmentContent>(content =>
        {
            content.ToTable("attachment_contents");
            content.HasKey(c => c.AttachmentId);
            content.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            content.HasOne<Attachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId);
            content.Property(c => c.Bytes).HasColumnType("bytea");
        });

        modelBuilder.Entity<CaseHistoryEntry>(entry =>
        {
            entry.ToTable("case_history");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.HasQueryFilter(e => e.TenantId == CurrentTenantId);
            entry.HasIndex(e => new { e.AccountId, e.At });
            entry.Property(e => e.CaseKind).HasMaxLength(32);
            entry.Property(e => e.Action).HasMaxLength(32);
            entry.Property(e => e.ActorId).HasMaxLength(200);
            entry.Property(e => e.ActorKind).HasMaxLength(16);
            entry.Property(e => e.Note).HasMaxLength(2000);
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
