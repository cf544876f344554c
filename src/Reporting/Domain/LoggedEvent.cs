namespace Collections.Reporting.Domain;

/// <summary>
/// An integration event as Reporting received it, kept append-only so the read model can be rebuilt by replaying
/// the log. Unique by event id and by (tenant, type, natural key), so the same payment under a second message id is
/// recognised as a repeat and neither logged nor projected again.
/// </summary>
public sealed class LoggedEvent
{
    /// <summary>Order of arrival; replays follow it.</summary>
    public long Sequence { get; set; }

    public Guid TenantId { get; set; }

    public Guid EventId { get; set; }

    /// <summary>The contract's name, e.g. "PaymentPosted".</summary>
    public string EventType { get; set; } = "";

    /// <summary>The id that makes the event unique in the business (payment id, attempt id…), or the event id.</summary>
    public string NaturalKey { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When Reporting projected it: freshness is measured from here.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The event as JSON.</summary>
    public string Payload { get; set; } = "";
}
