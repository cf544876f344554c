namespace Collections.Contracts.Events;

/// <summary>A contact attempt the compliance engine allowed was made and recorded.</summary>
public sealed record ContactAttempted : IntegrationEvent
{
    public required Guid AttemptId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    /// <summary>"Call", "Voicemail", "Sms", "Email" or "Letter".</summary>
    public required string Channel { get; init; }

    /// <summary>"NotConnected", "NoAnswer", "Voicemail", "WrongParty", "RightPartyContact", "PromiseToPay", "Refused", "DisputeRaised", "CallbackRequested".</summary>
    public required string Outcome { get; init; }

    public required DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The staff user or channel adapter that recorded it.</summary>
    public required string RecordedBy { get; init; }
}
