using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>Builds what the compliance engine needs to know about an account and its consumer.</summary>
public static class ContactDesk
{
    /// <summary>How far back the history reaches: beyond every rule's window (7 days), with room for state rules.</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(31);

    /// <remarks>Time zones are the state's, the profile's and any further zones Accounts knows for the consumer (<c>knownTimeZones</c>: addresses, phone area codes).</remarks>
    public static ContactContext ContextFor(ContactableAccount account, ContactProfile? profile, IEnumerable<RecordedContact> history, IEnumerable<string>? knownTimeZones = null) => new()
    {
        Jurisdiction = account.Jurisdiction,
        Holds = account.Holds,
        TimeZones = [.. StateTimeZones.Of(account.Jurisdiction).Concat(profile?.ExtraTimeZones ?? []).Concat(knownTimeZones ?? []).Distinct(StringComparer.Ordinal)],
        InconvenientTimes = profile?.InconvenientTimes.Select(t => new InconvenientTime(t.Day, t.Start, t.End)).ToList() ?? [],
        EmployerProhibitsCalls = profile?.EmployerProhibitsCalls ?? false,
        OptedOutMedia = profile?.OptedOutMedia ?? ContactMedia.None,
        OptedOutNumbers = profile?.OptedOutNumbers ?? [],
        OptedOutEmailAddresses = profile?.OptedOutEmailAddresses ?? [],
        TcpaConsents = profile?.TcpaConsents.Select(c => new TcpaConsent(c.Number, c.GivenAt, c.RevokedAt)).ToList() ?? [],
        DirectConsentAt = profile?.DirectConsentAt,
        History = new ContactHistory(history.OrderBy(h => h.At).Select(h => h.ToAttempt())),
    };
}
