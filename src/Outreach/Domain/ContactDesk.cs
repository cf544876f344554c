using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>Builds what the compliance engine needs to know about an account and its consumer.</summary>
public static class ContactDesk
{
    /// <summary>How far back the history reaches: beyond every rule's window (7 days), with room for state rules.</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(31);

    /// <remarks>Time zones are the state's, the profile's and any further zones Accounts knows for the consumer (<c>knownTimeZones</c>: addresses, phone area codes).</remarks>
    public static ContactContext ContextFor(
        ContactableAccount account, ContactProfile? profile, IEnumerable<RecordedContact> history, IEnumerable<string>? knownTimeZones = null, ContactChannel? channel = null) =>
        ContextFor(
            account.Jurisdiction,
            account.Holds,
            StateTimeZones.Of(account.Jurisdiction).Concat(knownTimeZones ?? []),
            profile,
            history.OrderBy(h => h.At).Select(h => h.ToAttempt()),
            channel);

    /// <summary>
    /// The context from its parts. For a text, numbers the consumer opted out of texts by a STOP reply count as
    /// opted-out numbers; for other channels they do not.
    /// </summary>
    public static ContactContext ContextFor(
        string jurisdiction, AccountHolds holds, IEnumerable<string> zones, ContactProfile? profile, IEnumerable<ContactAttempt> orderedHistory, ContactChannel? channel) => new()
    {
        Jurisdiction = jurisdiction,
        Holds = holds,
        TimeZones = [.. zones.Concat(profile?.ExtraTimeZones ?? []).Distinct(StringComparer.Ordinal)],
        InconvenientTimes = profile?.InconvenientTimes.Select(t => new InconvenientTime(t.Day, t.Start, t.End)).ToList() ?? [],
        EmployerProhibitsCalls = profile?.EmployerProhibitsCalls ?? false,
        OptedOutMedia = profile?.OptedOutMedia ?? ContactMedia.None,
        OptedOutNumbers = channel == ContactChannel.Sms && profile is { SmsOptedOutNumbers.Count: > 0 }
            ? [.. profile.OptedOutNumbers.Concat(profile.SmsOptedOutNumbers)]
            : profile?.OptedOutNumbers ?? [],
        OptedOutEmailAddresses = profile?.OptedOutEmailAddresses ?? [],
        TcpaConsents = profile?.TcpaConsents.Select(c => new TcpaConsent(c.Number, c.GivenAt, c.RevokedAt)).ToList() ?? [],
        DirectConsentAt = profile?.DirectConsentAt,
        History = new ContactHistory(orderedHistory),
    };
}
