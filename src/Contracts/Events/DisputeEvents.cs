namespace Collections.Contracts.Events;

/// <summary>
/// A consumer disputed a debt. When <see cref="HoldsCollection"/> is true, Accounts places a dispute
/// hold and Outreach stops collection until <see cref="DisputeResolved"/>.
/// </summary>
public sealed record DisputeOpened : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    /// <summary>"not-mine", "wrong-amount", "paid-already", "identity-theft" or "other".</summary>
    public required string Reason { get; init; }

    /// <summary>Where it came from: "portal", "agent", "client", "mail".</summary>
    public required string Channel { get; init; }

    public required bool WithinValidationPeriod { get; init; }

    public required bool HoldsCollection { get; init; }
}

/// <summary>Verification was sent (or the dispute withdrawn): the dispute hold is released.</summary>
public sealed record DisputeResolved : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    /// <summary>"verified", "withdrawn".</summary>
    public required string Outcome { get; init; }
}

/// <summary>After a dispute the client corrected the account's balances.</summary>
public sealed record AccountCorrected : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Principal { get; init; }

    public required decimal Interest { get; init; }

    public required decimal Fees { get; init; }

    public required string Currency { get; init; }
}

/// <summary>After a dispute the account is closed (not the consumer's, paid already, identity theft).</summary>
public sealed record AccountClosedAfterDispute : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Reason { get; init; }
}

/// <summary>
/// A consumer request that must stop or narrow collection was recorded: "cease-communication",
/// "attorney-representation", "bankruptcy" or "deceased". Accounts places the matching hold.
/// </summary>
public sealed record ConsumerRequestRecorded : IntegrationEvent
{
    public required Guid RequestId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Kind { get; init; }
}

/// <summary>An authorised user reversed a consumer request (with a reason): Accounts releases the hold.</summary>
public sealed record ConsumerRequestReversed : IntegrationEvent
{
    public required Guid RequestId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Kind { get; init; }

    public required string Reason { get; init; }
}

/// <summary>Disputes asked the client for the documents that verify a disputed debt (also a webhook).</summary>
public sealed record VerificationDocumentsRequested : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Reason { get; init; }

    /// <summary>When the client's response is due.</summary>
    public required DateTimeOffset RespondBy { get; init; }
}

/// <summary>A complaint about the treatment of a consumer was opened.</summary>
public sealed record ComplaintOpened : IntegrationEvent
{
    public required Guid ComplaintId { get; init; }

    /// <summary>The account concerned, if the complaint is about one.</summary>
    public Guid? AccountId { get; init; }

    public Guid? ClientId { get; init; }

    /// <summary>"consumer", "client", "regulator", "agent".</summary>
    public required string Source { get; init; }

    /// <summary>"harassment", "wrong-amount", "privacy", "agent-conduct", "other".</summary>
    public required string Category { get; init; }

    /// <summary>"low", "medium", "high".</summary>
    public required string Severity { get; init; }

    public required DateTimeOffset FirstResponseDue { get; init; }

    public required DateTimeOffset CloseDue { get; init; }

    /// <summary>The agent the complaint is about, if any (agent conduct).</summary>
    public string? AgentId { get; init; }
}

/// <summary>A complaint was closed with its root cause and resolution.</summary>
public sealed record ComplaintResolved : IntegrationEvent
{
    public required Guid ComplaintId { get; init; }

    public Guid? AccountId { get; init; }

    public Guid? ClientId { get; init; }

    public required string RootCause { get; init; }

    public required string Resolution { get; init; }

    /// <summary>True when it was closed after its close deadline.</summary>
    public required bool ClosedLate { get; init; }
}
