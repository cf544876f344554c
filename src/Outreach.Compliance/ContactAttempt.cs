namespace Collections.Outreach.Compliance;

/// <summary>A contact already made about this debt.</summary>
/// <param name="Channel">The medium used.</param>
/// <param name="At">When the attempt was made.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Phone">The number dialled or texted, when the channel uses one; an attempt without a known number type counts toward every per-number-type cap.</param>
public sealed record ContactAttempt(ContactChannel Channel, DateTimeOffset At, ContactOutcome Outcome, PhoneNumber? Phone = null);
