namespace Collections.Contracts.Events;

/// <summary>A contact attempt the compliance engine allowed was made and recorded.</summary>
public sealed record ContactAttempted : IntegrationEvent
{
    public required Guid AttemptId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    /// <summary>"Call", "Voicemail", "Sms", "Email" or "Letter".</summary>
    public required string Channel { get; init; }

    /// <summary>"NotConnected", "NoAnswer", "Voicemail", "WrongParty", "RightPartyContact", "PromiseToPay", "Refused", "DisputeRaised", "CallbackRequested"; for a letter, email or SMS the channel adapter reports "Sent".</summary>
    public required string Outcome { get; init; }

    public required DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The staff user or channel adapter that recorded it.</summary>
    public required string RecordedBy { get; init; }
}

/// <summary>An agent spoke with the consumer who owes the debt (a right-party contact).</summary>
public sealed record RightPartyContacted : IntegrationEvent
{
    public required Guid AttemptId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Channel { get; init; }

    /// <summary>The staff user who had the conversation.</summary>
    public required string AgentId { get; init; }

    public required DateTimeOffset ContactedAt { get; init; }
}

/// <summary>The consumer promised to pay an amount by a date.</summary>
public sealed record PromiseToPayMade : IntegrationEvent
{
    public required Guid PromiseId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>The consumer's local date by which the payment is due.</summary>
    public required DateOnly DueDate { get; init; }

    /// <summary>How the consumer said they would pay: "card", "ach", "check", "other".</summary>
    public required string PaymentChannel { get; init; }

    /// <summary>The staff user who took the promise (or "portal").</summary>
    public required string RecordedBy { get; init; }

    /// <summary>The contact attempt during which the promise was made, if any.</summary>
    public Guid? AttemptId { get; init; }
}

/// <summary>Payments on the account reached the promised amount by the due date (plus grace).</summary>
public sealed record PromiseToPayKept : IntegrationEvent
{
    public required Guid PromiseId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal AmountPaid { get; init; }

    public required string Currency { get; init; }
}

/// <summary>The promised amount was not paid by the due date plus the grace period; the account is re-queued.</summary>
public sealed record PromiseToPayBroken : IntegrationEvent
{
    public required Guid PromiseId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required DateOnly DueDate { get; init; }

    public required decimal AmountPaid { get; init; }

    public required string Currency { get; init; }
}

/// <summary>A consumer's contact preferences changed (portal, agent, client API, or an opt-out keyword/link).</summary>
public sealed record ConsumerPreferencesChanged : IntegrationEvent
{
    public required Guid ConsumerId { get; init; }

    /// <summary>"Call", "Sms", "Email", "Letter", or null for no preference.</summary>
    public string? PreferredChannel { get; init; }

    /// <summary>Media the consumer forbade, e.g. ["Email"].</summary>
    public required IReadOnlyList<string> OptedOutChannels { get; init; }

    /// <summary>How many specific numbers or addresses are opted out (the values themselves stay in Outreach).</summary>
    public required int OptedOutAddressCount { get; init; }

    public string? Language { get; init; }

    /// <summary>"consumer", "agent", "client", "sms-keyword", "email-link".</summary>
    public required string Source { get; init; }
}

/// <summary>Outreach assigned an account to a contact strategy (the champion, or a challenger for a share of the segment).</summary>
public sealed record StrategyAssigned : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Segment { get; init; }

    public required Guid StrategyId { get; init; }

    public required string StrategyName { get; init; }

    /// <summary>"champion" or "challenger".</summary>
    public required string Arm { get; init; }
}
