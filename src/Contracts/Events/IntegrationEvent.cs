namespace Collections.Contracts.Events;

/// <summary>
/// What every integration event carries: its own id (the message id on the bus, used by the
/// consumers' inbox to process it once), the tenant it belongs to, and when it happened.
/// Events are past-tense, immutable, and only ever gain fields.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    public required Guid TenantId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
