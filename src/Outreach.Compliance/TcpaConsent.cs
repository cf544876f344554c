namespace Collections.Outreach.Compliance;

/// <summary>
/// The consumer's prior express consent to automated or prerecorded calls and texts to a number (TCPA,
/// 47 U.S.C. 227(b)(1)(A)(iii)). A revocation is honoured from the instant it was recorded, not at the end of the
/// 10 business days the FCC allows.
/// </summary>
/// <param name="Number">The number consented for, in the same form as <see cref="PhoneNumber.Number"/>.</param>
/// <param name="GivenAt">When the consent was given.</param>
/// <param name="RevokedAt">When the consumer revoked it, if they did.</param>
public sealed record TcpaConsent(string Number, DateTimeOffset GivenAt, DateTimeOffset? RevokedAt = null)
{
    internal bool IsInForceAt(DateTimeOffset at) => GivenAt <= at && (RevokedAt is not { } revoked || at < revoked);
}
