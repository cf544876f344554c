using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>Maps the outbox, inbox and dead-letter tables into a service's own database.</summary>
public static class MessagingModel
{
    internal const string OutboxTable = "outbox_messages";
    internal const string InboxTable = "inbox_messages";
    internal const string DeadLetterTable = "dead_letters";

    /// <summary>Adds the outbox, inbox and dead-letter tables to the model; call from <c>OnModelCreating</c>.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            outbox.Property(m => m.MessageId).HasColumnName("message_id");
            outbox.Property(m => m.TenantId).HasColumnName("tenant_id");
            outbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(300);
            outbox.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.DispatchedAt).HasColumnName("dispatched_at");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            outbox.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            outbox.HasIndex(m => m.MessageId).IsUnique();
            outbox.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_messages_pending").HasFilter("dispatched_at IS NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(300);
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        });

        modelBuilder.Entity<DeadLetter>(letter =>
        {
            letter.ToTable(DeadLetterTable);
            letter.HasKey(m => m.Id);
            letter.Property(m => m.Id).HasColumnName("id");
            letter.Property(m => m.MessageId).HasColumnName("message_id");
            letter.Property(m => m.Queue).HasColumnName("queue").HasMaxLength(300);
            letter.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(300);
            letter.Property(m => m.TenantId).HasColumnName("tenant_id");
            letter.Property(m => m.Body).HasColumnName("body");
            letter.Property(m => m.ContentType).HasColumnName("content_type").HasMaxLength(200);
            letter.Property(m => m.Headers).HasColumnName("headers").HasColumnType("jsonb");
            letter.Property(m => m.FirstFailedAt).HasColumnName("first_failed_at");
            letter.Property(m => m.LastFailedAt).HasColumnName("last_failed_at");
            letter.Property(m => m.Attempts).HasColumnName("attempts");
            letter.Property(m => m.ExceptionType).HasColumnName("exception_type").HasMaxLength(500);
            letter.Property(m => m.ExceptionMessage).HasColumnName("exception_message").HasMaxLength(DeadLetterRecorder.MaxExceptionMessageLength);
            letter.Property(m => m.StackTrace).HasColumnName("stack_trace");
            letter.Property(m => m.Status).HasColumnName("status").HasMaxLength(20);
            letter.Property(m => m.ReplayCount).HasColumnName("replay_count");
            letter.Property(m => m.LastReplayedAt).HasColumnName("last_replayed_at");
            letter.Property(m => m.LastReplayedBy).HasColumnName("last_replayed_by").HasMaxLength(300);
            letter.Property(m => m.DiscardedAt).HasColumnName("discarded_at");
            letter.Property(m => m.DiscardedBy).HasColumnName("discarded_by").HasMaxLength(300);
            letter.Property(m => m.DiscardReason).HasColumnName("discard_reason").HasMaxLength(DeadLettersApi.MaxReasonLength);
            letter.HasIndex(m => new { m.Queue, m.MessageId }).IsUnique();
            letter.HasIndex(m => new { m.TenantId, m.Status, m.FirstFailedAt });
        });
        return modelBuilder;
    }

    /// <summary>
    /// Queues an integration event to be published once the current unit of work commits.
    /// This is the only way services publish: the event and the state change share one transaction.
    /// </summary>
    public static void AddIntegrationEvent(this DbContext dbContext, IntegrationEvent integrationEvent) =>
        dbContext.Set<OutboxMessage>().Add(OutboxMessage.For(integrationEvent));
}
