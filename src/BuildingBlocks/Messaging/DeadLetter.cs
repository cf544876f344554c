namespace Collections.BuildingBlocks.Messaging;

/// <summary>What became of a dead letter.</summary>
public static class DeadLetterStatus
{
    /// <summary>Waiting in the error queue for a fix: replay it or discard it.</summary>
    public const string Pending = "pending";

    /// <summary>Sent back to its queue; if it fails again it is pending again.</summary>
    public const string Replayed = "replayed";

    /// <summary>Given up on, with who and why.</summary>
    public const string Discarded = "discarded";
}

/// <summary>
/// A message whose consumer still failed after every retry, recorded in the service's own database in the
/// same step MassTransit moves it to <c>&lt;queue&gt;_error</c>. The row keeps the message as it arrived (body
/// and transport headers), so it can be replayed to its queue after a fix, and it keeps who replayed or
/// discarded it and why: rows are never deleted.
/// </summary>
public sealed class DeadLetter
{
    private DeadLetter()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The bus message id; the consumer's inbox deduplicates on it, so a replay is delivered at most once.</summary>
    public Guid MessageId { get; private set; }

    /// <summary>The receive queue the message failed in; a replay goes back to it.</summary>
    public string Queue { get; private set; } = "";

    /// <summary>Short name of the message type, e.g. <c>AccountPlaced</c>.</summary>
    public string MessageType { get; private set; } = "";

    /// <summary>The tenant the message belongs to (its body's tenant, else its header's); null when it names none.</summary>
    public Guid? TenantId { get; private set; }

    /// <summary>The message exactly as it arrived.</summary>
    public byte[] Body { get; private set; } = [];

    public string? ContentType { get; private set; }

    /// <summary>The transport headers it arrived with (JSON object of strings).</summary>
    public string Headers { get; private set; } = "{}";

    /// <summary>When its retries first ran out.</summary>
    public DateTimeOffset FirstFailedAt { get; private set; }

    /// <summary>When its retries last ran out (after a replay that failed again).</summary>
    public DateTimeOffset LastFailedAt { get; private set; }

    /// <summary>Deliveries that failed, over every time it was dead-lettered.</summary>
    public int Attempts { get; private set; }

    public string ExceptionType { get; private set; } = "";

    public string ExceptionMessage { get; private set; } = "";

    public string? StackTrace { get; private set; }

    /// <summary>One of <see cref="DeadLetterStatus"/>.</summary>
    public string Status { get; private set; } = DeadLetterStatus.Pending;

    public int ReplayCount { get; private set; }

    public DateTimeOffset? LastReplayedAt { get; private set; }

    public string? LastReplayedBy { get; private set; }

    public DateTimeOffset? DiscardedAt { get; private set; }

    public string? DiscardedBy { get; private set; }

    public string? DiscardReason { get; private set; }

    internal void MarkReplayed(DateTimeOffset now, string by)
    {
        Status = DeadLetterStatus.Replayed;
        ReplayCount++;
        LastReplayedAt = now;
        LastReplayedBy = by;
    }

    internal void MarkDiscarded(DateTimeOffset now, string by, string reason)
    {
        Status = DeadLetterStatus.Discarded;
        DiscardedAt = now;
        DiscardedBy = by;
        DiscardReason = reason;
    }
}
