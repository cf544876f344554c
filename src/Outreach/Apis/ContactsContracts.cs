using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;

namespace Collections.Outreach.Apis;

/// <summary>Who or what a contact goes to, checked before the engine sees it.</summary>
internal sealed record ContactTarget(
    ContactChannel Channel, string? PhoneNumber, PhoneNumberType? PhoneType, string? EmailAddress, bool Autodialed, bool Prerecorded, ContactPurpose Purpose = ContactPurpose.Collection)
{
    public bool UsesPhone => Channel is ContactChannel.Call or ContactChannel.Voicemail or ContactChannel.Sms;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(Channel))
        {
            errors["channel"] = ["Call, Voicemail, Sms, Email or Letter."];
            return errors;
        }

        if (!Enum.IsDefined(Purpose))
        {
            errors["purpose"] = ["Collection, ConfirmEndOfEfforts or NotifyOfRemedy."];
        }

        if (UsesPhone)
        {
            if (PhoneNumber is null || !ContactsApi.E164().IsMatch(PhoneNumber))
            {
                errors["phoneNumber"] = ["An E.164 number such as +16175550123."];
            }

            if (PhoneType is not { } type || !Enum.IsDefined(type))
            {
                errors["phoneType"] = ["Mobile, Landline or Work."];
            }
        }

        if (Channel == ContactChannel.Email && (EmailAddress is null || EmailAddress.Length > 254 || !ContactsApi.EmailAddress().IsMatch(EmailAddress)))
        {
            errors["emailAddress"] = ["A valid email address."];
        }

        return errors;
    }

    public ContactRequest ToRequest(DateTimeOffset at) => Channel switch
    {
        ContactChannel.Call => ContactRequest.Call(new PhoneNumber(PhoneNumber!, PhoneType!.Value), at, Autodialed, Prerecorded, Purpose),
        ContactChannel.Voicemail => ContactRequest.Voicemail(new PhoneNumber(PhoneNumber!, PhoneType!.Value), at, Autodialed, Prerecorded, Purpose),
        ContactChannel.Sms => ContactRequest.Sms(new PhoneNumber(PhoneNumber!, PhoneType!.Value), at, Purpose),
        ContactChannel.Email => ContactRequest.Email(EmailAddress!, at, Purpose),
        _ => ContactRequest.Letter(at, Purpose),
    };
}

/// <summary>An attempt to record.</summary>
/// <param name="Channel">Call, Voicemail, Sms, Email or Letter.</param>
/// <param name="PhoneNumber">E.164 number for calls, voicemail and SMS.</param>
/// <param name="PhoneType">Mobile, Landline or Work.</param>
/// <param name="EmailAddress">For email.</param>
/// <param name="Autodialed">Placed by an autodialer (TCPA consent needed for mobiles).</param>
/// <param name="Prerecorded">Artificial or prerecorded voice.</param>
/// <param name="Outcome">NotConnected, NoAnswer, Voicemail, WrongParty, RightPartyContact, PromiseToPay, Refused, DisputeRaised, CallbackRequested.</param>
/// <param name="At">When it was made; default now; within the last 7 days.</param>
/// <param name="Purpose">
/// Collection (default), ConfirmEndOfEfforts or NotifyOfRemedy: under a cease-communication hold only a letter or
/// email telling the consumer that efforts end or of a specific remedy is allowed (12 CFR 1006.6(c)(2)).
/// </param>
public sealed record RecordAttemptRequest(
    ContactChannel Channel,
    string? PhoneNumber,
    PhoneNumberType? PhoneType,
    string? EmailAddress,
    bool Autodialed,
    bool Prerecorded,
    ContactOutcome Outcome,
    DateTimeOffset? At,
    ContactPurpose? Purpose = null);

/// <summary>A recorded attempt.</summary>
public sealed record AttemptResponse(Guid Id, string Channel, string? PhoneNumber, string? PhoneType, string? EmailAddress, string Outcome, DateTimeOffset At, string RecordedBy)
{
    public static AttemptResponse From(RecordedContact a) =>
        new(a.Id, a.Channel.ToString(), a.PhoneNumber, a.PhoneNumberType?.ToString(), a.EmailAddress, a.Outcome.ToString(), a.At, a.RecordedBy);
}

/// <summary>The engine's verdict.</summary>
public sealed record DecisionResponse(bool Allowed, IReadOnlyList<BlockReason> Reasons, DateTimeOffset? EarliestAllowedAt, DateTimeOffset DecidedFor)
{
    public static DecisionResponse From(ContactDecision decision, DateTimeOffset at) =>
        new(decision.IsAllowed, decision.Reasons, decision.EarliestAllowedAt, at);
}

/// <summary>How a consumer may be contacted.</summary>
/// <param name="OptedOutMedia">Media the consumer refused: any of Calls, Sms, Email, Letters.</param>
/// <param name="OptedOutNumbers">E.164 numbers not to use.</param>
/// <param name="OptedOutEmailAddresses">Addresses not to use.</param>
/// <param name="TcpaConsents">Mobile numbers with prior express consent to autodialed calls and texts.</param>
/// <param name="InconvenientTimes">Weekly local windows the consumer said are inconvenient.</param>
/// <param name="EmployerProhibitsCalls">No calls at work.</param>
/// <param name="ExtraTimeZones">IANA zones known besides the address's state, e.g. from a phone's area code.</param>
/// <param name="PreferredChannel">Email or Sms for reminders, or null for no preference (email first).</param>
public sealed record ContactPreferences(
    IReadOnlyList<ContactMedia>? OptedOutMedia,
    IReadOnlyList<string>? OptedOutNumbers,
    IReadOnlyList<string>? OptedOutEmailAddresses,
    IReadOnlyList<TcpaConsentEntry>? TcpaConsents,
    IReadOnlyList<InconvenientTimeEntry>? InconvenientTimes,
    bool EmployerProhibitsCalls,
    IReadOnlyList<string>? ExtraTimeZones,
    ContactChannel? PreferredChannel = null)
{
    private const int MaxItems = 50;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (OptedOutMedia is { } media && (media.Count > 4 || media.Any(m => m is not (ContactMedia.Calls or ContactMedia.Sms or ContactMedia.Email or ContactMedia.Letters))))
        {
            errors["optedOutMedia"] = ["Any of Calls, Sms, Email, Letters."];
        }

        if (OptedOutNumbers is { } numbers && (numbers.Count > MaxItems || numbers.Any(n => n is null || !ContactsApi.E164().IsMatch(n))))
        {
            errors["optedOutNumbers"] = [$"Up to {MaxItems} E.164 numbers."];
        }

        if (OptedOutEmailAddresses is { } emails && (emails.Count > MaxItems || emails.Any(e => e is null || e.Length > 254 || !ContactsApi.EmailAddress().IsMatch(e))))
        {
            errors["optedOutEmailAddresses"] = [$"Up to {MaxItems} email addresses."];
        }

        if (TcpaConsents is { } consents && (consents.Count > MaxItems || consents.Any(c => c is null || !ContactsApi.E164().IsMatch(c.Number ?? "") || (c.RevokedAt is { } r && r < c.GivenAt))))
        {
            errors["tcpaConsents"] = [$"Up to {MaxItems} consents, each an E.164 number, when given and, if revoked, when (not before it was given)."];
        }

        if (InconvenientTimes is { } times && (times.Count > MaxItems || times.Any(t => t is null || !Enum.IsDefined(t.Day) || t.Start == t.End)))
        {
            errors["inconvenientTimes"] = [$"Up to {MaxItems} windows, each a day and a start and end time that differ."];
        }

        if (ExtraTimeZones is { } zones && (zones.Count > 5 || zones.Any(z => z is null || !TimeZoneInfo.TryFindSystemTimeZoneById(z, out _))))
        {
            errors["extraTimeZones"] = ["Up to 5 IANA time zone ids, e.g. America/Chicago."];
        }

        if (PreferredChannel is { } preferred && preferred is not (ContactChannel.Email or ContactChannel.Sms))
        {
            errors["preferredChannel"] = ["Email or Sms, or null for no preference."];
        }

        return errors;
    }

    public void ApplyTo(ContactProfile profile, DateTimeOffset now)
    {
        profile.OptedOutMedia = (OptedOutMedia ?? []).Aggregate(ContactMedia.None, (all, m) => all | m);
        profile.OptedOutNumbers = [.. (OptedOutNumbers ?? []).Distinct(StringComparer.Ordinal)];
        profile.OptedOutEmailAddresses = [.. (OptedOutEmailAddresses ?? []).Select(e => e.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
        profile.TcpaConsents = [.. TcpaConsents ?? []];
        profile.InconvenientTimes = [.. InconvenientTimes ?? []];
        profile.EmployerProhibitsCalls = EmployerProhibitsCalls;
        profile.ExtraTimeZones = [.. (ExtraTimeZones ?? []).Distinct(StringComparer.Ordinal)];
        profile.PreferredChannel = PreferredChannel;
        profile.UpdatedAt = now;
    }

    public static ContactPreferences From(ContactProfile? profile) => profile is null
        ? new([], [], [], [], [], false, [])
        : new(
            [.. Enum.GetValues<ContactMedia>().Where(m => m != ContactMedia.None && profile.OptedOutMedia.HasFlag(m))],
            profile.OptedOutNumbers,
            profile.OptedOutEmailAddresses,
            profile.TcpaConsents,
            profile.InconvenientTimes,
            profile.EmployerProhibitsCalls,
            profile.ExtraTimeZones,
            profile.PreferredChannel);
}
