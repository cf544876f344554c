using Collections.BuildingBlocks.Tenancy;

namespace Collections.Gateway.Webhooks;

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed until the retry window closed; a replay queues it again.</summary>
    Failed,

    /// <summary>The endpoint was deleted before the event reached it.</summary>
    Cancelled,
}

/// <summary>
/// One event on its way to one endpoint: the exact body every attempt sends (so signatures and
/// receivers see the same bytes each time), the retry state, and the log of every attempt.
/// There is at most one per endpoint and event id, however often the event arrives.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    private readonly List<WebhookDeliveryAttempt> attempts = [];

    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid EndpointId { get; private set; }

    /// <summary>The integration event's id, sent as <see cref="WebhookSignature.IdHeader"/>.</summary>
    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public WebhookDeliveryStatus Status { get; private set; }

    /// <summary>When a pending delivery is due; while an attempt is in flight, until when the dispatcher holds it.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>The first attempt since the delivery was queued (or replayed); the retry window counts from it.</summary>
    public DateTimeOffset? RetryWindowStartedAt { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public int AttemptCount { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>PostgreSQL's row version: an attempt's outcome never overwrites a cancellation or replay made meanwhile.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<WebhookDeliveryAttempt> Attempts => attempts;

    public static WebhookDelivery Queue(WebhookEvent webhookEvent, Guid endpointId, string body, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = webhookEvent.TenantId,
        ClientId = webhookEvent.ClientId,
        EndpointId = endpointId,
        EventId = webhookEvent.Id,
        EventType = webhookEvent.Type,
        Body = body,
        CreatedAt = now,
        Status = WebhookDeliveryStatus.Pending,
        NextAttemptAt = now,
    };

    /// <summary>
    /// Logs an attempt that started at <paramref name="startedAt"/> and ended at <paramref name="endedAt"/>
    /// with <paramref name="statusCode"/> (null when no response came) or <paramref name="error"/>, then
    /// marks the delivery delivered, schedules the next attempt, or gives up.
    /// </summary>
    public void RecordAttempt(
        DateTimeOffset startedAt, DateTimeOffset endedAt, int? statusCode, string? error, WebhookRetrySchedule schedule, double jitterSample)
    {
        AttemptCount++;
        RetryWindowStartedAt ??= startedAt;
        attempts.Add(new WebhookDeliveryAttempt(AttemptCount, startedAt, statusCode, error, (int)Math.Round((endedAt - startedAt).TotalMilliseconds)));

        if (statusCode is >= 200 and < 300)
        {
            Status = WebhookDeliveryStatus.Delivered;
            DeliveredAt = endedAt;
            NextAttemptAt = null;
            ConsecutiveFailures = 0;
            return;
        }

        ConsecutiveFailures++;
        NextAttemptAt = schedule.NextAttemptAt(RetryWindowStartedAt.Value, endedAt, ConsecutiveFailures, jitterSample);
        if (NextAttemptAt is null)
        {
            Status = WebhookDeliveryStatus.Failed;
        }
    }

    /// <summary>Queues the same event again, with a fresh retry window; receivers recognize it by its event id.</summary>
    public void Replay(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Pending;
        NextAttemptAt = now;
        RetryWindowStartedAt = null;
        ConsecutiveFailures = 0;
        DeliveredAt = null;
    }

    public void Cancel()
    {
        Status = WebhookDeliveryStatus.Cancelled;
        NextAttemptAt = null;
    }
}

/// <summary>One attempt to deliver: when, how long it took, and the receiver's status code or what went wrong.</summary>
public sealed class WebhookDeliveryAttempt
{
    public WebhookDeliveryAttempt(int number, DateTimeOffset attemptedAt, int? statusCode, string? error, int durationMs)
    {
        Number = number;
        AttemptedAt = attemptedAt;
        StatusCode = statusCode;
        Error = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        DurationMs = durationMs;
    }

    public const int MaxErrorLength = 500;

    public int Number { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    public int? StatusCode { get; private set; }

    public string? Error { get; private set; }

    public int DurationMs { get; private set; }
}
