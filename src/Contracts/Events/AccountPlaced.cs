namespace Collections.Contracts.Events;

/// <summary>A client placed a new account with a tenant; it is now the tenant's to collect.</summary>
public sealed record AccountPlaced : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    // ClientId and ConsumerId were added after the first version of the event: not required, so an
    // event published without them still deserializes (with empty ids) instead of poisoning the queue.

    /// <summary>The client business that placed the account; its keys see only its own accounts.</summary>
    public Guid ClientId { get; init; }

    /// <summary>The consumer who owes the debt; a portal session sees only its own consumer's accounts.</summary>
    public Guid ConsumerId { get; init; }

    /// <summary>The client's own reference for the account, unique per client of the tenant.</summary>
    public required string ClientReference { get; init; }

    /// <summary>US state (or other jurisdiction) whose rules apply, e.g. "MA".</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>ISO 4217 currency of every amount below.</summary>
    public required string Currency { get; init; }

    public required decimal Principal { get; init; }

    public required decimal Interest { get; init; }

    public required decimal Fees { get; init; }

    /// <summary>Principal + interest + fees at placement.</summary>
    public required decimal PlacedBalance { get; init; }

    // Added after the first version: optional, so older events still deserialize.

    /// <summary>The placement (file or API batch) the account came in; its vintage for Reporting.</summary>
    public Guid? PlacementId { get; init; }

    /// <summary>The date the consumer first missed a payment; drives delinquency buckets and roll rates.</summary>
    public DateOnly? DelinquencyDate { get; init; }

    public DateOnly? ChargeOffDate { get; init; }

    /// <summary>
    /// The segment the account got at placement (as <see cref="AccountSegmented.Segment"/>); null in events
    /// published before it was added, which were followed by an <c>AccountSegmented</c> with cause "placement".
    /// Later changes come as <c>AccountSegmented</c>; no <c>AccountSegmented</c> is published at placement.
    /// </summary>
    public string? Segment { get; init; }

    /// <summary>The propensity-to-pay score (0..1000) the account got at placement, with <see cref="Segment"/>.</summary>
    public int? Score { get; init; }
}
