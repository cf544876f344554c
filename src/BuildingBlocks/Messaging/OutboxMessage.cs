using System.Diagnostics;
using System.Text.Json;
using Collections.Contracts.Events;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>
/// An integration event saved in the same transaction as the state change that raised it, waiting
/// for <see cref="OutboxDispatcher{TContext}"/> to publish it. Its <see cref="MessageId"/> becomes the
/// message id on the bus, which is what consumers' inboxes deduplicate on.
/// </summary>
public sealed class OutboxMessage
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private OutboxMessage()
    {
    }

    /// <summary>Insertion order; the dispatcher publishes in this order.</summary>
    public long Sequence { get; private set; }

    public Guid MessageId { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>Full name of the event type in the contracts assembly.</summary>
    public string MessageType { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>The W3C trace context of the request that raised the event, so the trace continues through the bus.</summary>
    public string? TraceParent { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset? DispatchedAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The outbox row of <paramref name="integrationEvent"/>; bulk writers copy its columns themselves.</summary>
    public static OutboxMessage For(IntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        return new OutboxMessage
        {
            MessageId = integrationEvent.EventId,
            TenantId = integrationEvent.TenantId,
            MessageType = type.FullName!,
            Body = JsonSerializer.Serialize(integrationEvent, type, SerializerOptions),
            TraceParent = Activity.Current?.Id,
            OccurredAt = integrationEvent.OccurredAt,
        };
    }

    internal IntegrationEvent ToEvent()
    {
        var type = typeof(IntegrationEvent).Assembly.GetType(MessageType, throwOnError: true)!;
        return (IntegrationEvent)JsonSerializer.Deserialize(Body, type, SerializerOptions)!;
    }

    internal void MarkDispatched(DateTimeOffset now)
    {
        DispatchedAt = now;
        Attempts++;
        LastError = null;
        NextAttemptAt = null;
    }

    internal void MarkFailed(DateTimeOffset now, Exception error)
    {
        Attempts++;
        LastError = $"{error.GetType().Name}: {error.Message}";
        if (LastError.Length > 2000)
        {
            LastError = LastError[..2000];
        }

        NextAttemptAt = now + RetryDelay(Attempts);
    }

    /// <summary>Exponential backoff from 1 s, capped at one minute: a broker outage is retried forever.</summary>
    internal static TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempts - 1, 10))));
}

/// <summary>Marks a message id as processed by one consumer endpoint.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    /// <summary>The receive endpoint (queue) that processed the message.</summary>
    public string Consumer { get; set; } = "";

    public DateTimeOffset ProcessedAt { get; set; }
}
