using System.Text.RegularExpressions;

namespace Collections.Accounts.Domain;

/// <summary>The kinds of phone number; only a mobile number may be autodialed or texted, and only with consent (TCPA).</summary>
public static class PhoneTypes
{
    public const string Mobile = "mobile";
    public const string Landline = "landline";
    public const string Work = "work";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Mobile, Landline, Work };
}

/// <summary>A postal address of a consumer and the IANA zone of local time there.</summary>
/// <param name="Line1">Street and number.</param>
/// <param name="Line2">Apartment, suite, care of; optional.</param>
/// <param name="City">City or town.</param>
/// <param name="State">Two-letter US state or territory code; optional outside the US.</param>
/// <param name="PostalCode">ZIP (or ZIP+4) in the US, the local postal code elsewhere.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code, e.g. "US".</param>
/// <param name="TimeZone">IANA zone: derived from the state and ZIP unless <paramref name="TimeZoneOverridden"/>; null when unknown.</param>
/// <param name="TimeZoneOverridden">Whether a person set the zone rather than the address tables.</param>
public sealed record ConsumerAddress(
    string Line1, string? Line2, string City, string? State, string? PostalCode, string Country, string? TimeZone, bool TimeZoneOverridden)
{
    /// <summary>An address with its zone: <paramref name="zoneOverride"/> when given, else the one the US tables derive.</summary>
    public static ConsumerAddress Create(string line1, string? line2, string city, string? state, string? postalCode, string country, string? zoneOverride) =>
        new(line1, line2, city, state, postalCode, country,
            zoneOverride ?? (country == "US" ? TimeZones.OfAddress(state, postalCode) : null),
            zoneOverride is not null);

    /// <summary>Whether two addresses are the same place, whatever the case and the ZIP+4.</summary>
    public bool IsSamePlaceAs(ConsumerAddress other) =>
        string.Equals(Line1, other.Line1, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Line2 ?? "", other.Line2 ?? "", StringComparison.OrdinalIgnoreCase)
        && string.Equals(City, other.City, StringComparison.OrdinalIgnoreCase)
        && Country == other.Country
        && PostalCodes.AreSame(PostalCode, other.PostalCode);
}

/// <summary>A phone number of a consumer with its own TCPA consent and the zone of its area code.</summary>
/// <param name="Number">E.164, e.g. "+16175550123".</param>
/// <param name="Type">"mobile", "landline" or "work".</param>
/// <param name="AutodialerConsent">Prior express consent to autodialed or prerecorded calls and texts to this number.</param>
/// <param name="ConsentGivenAt">When that consent was given, if known.</param>
/// <param name="TimeZone">IANA zone of the area code; null outside North America or for an unknown code.</param>
public sealed record ConsumerPhone(string Number, string Type, bool AutodialerConsent, DateTimeOffset? ConsentGivenAt, string? TimeZone)
{
    public static ConsumerPhone Create(string e164, string type, bool autodialerConsent, DateTimeOffset? consentGivenAt) =>
        new(e164, type, autodialerConsent, autodialerConsent ? consentGivenAt : null, TimeZones.OfPhone(e164));

    /// <summary>A mobile number that may be autodialed or texted.</summary>
    public bool IsConsentedMobile => Type == PhoneTypes.Mobile && AutodialerConsent;
}

/// <summary>An email address of a consumer and whether the consumer agreed to be emailed there.</summary>
/// <param name="Address">The address as given; compared case-insensitively.</param>
/// <param name="Consent">Whether the consumer agreed to email at this address.</param>
/// <param name="ConsentGivenAt">When, if known.</param>
public sealed record ConsumerEmail(string Address, bool Consent, DateTimeOffset? ConsentGivenAt);

/// <summary>Everything about how to reach a consumer, as one value: what a change replaces and what history keeps.</summary>
public sealed record ContactData(
    IReadOnlyList<ConsumerAddress> Addresses, IReadOnlyList<ConsumerPhone> Phones, IReadOnlyList<ConsumerEmail> Emails, string? Language)
{
    public static ContactData None { get; } = new([], [], [], null);

    public bool IsEmpty => Addresses.Count == 0 && Phones.Count == 0 && Emails.Count == 0 && Language is null;

    /// <summary>Value equality over the lists too (records compare lists by reference).</summary>
    public bool IsSameAs(ContactData other) =>
        Addresses.SequenceEqual(other.Addresses) && Phones.SequenceEqual(other.Phones) && Emails.SequenceEqual(other.Emails) && Language == other.Language;

    /// <summary>This data plus what <paramref name="stated"/> adds: numbers, emails and addresses not yet known, and a language when none is.</summary>
    public ContactData Merge(ContactData stated) => new(
        [.. Addresses, .. stated.Addresses.Where(a => !Addresses.Any(a.IsSamePlaceAs))],
        [.. Phones, .. stated.Phones.Where(p => !Phones.Any(known => known.Number == p.Number))],
        [.. Emails, .. stated.Emails.Where(e => !Emails.Any(known => string.Equals(known.Address, e.Address, StringComparison.OrdinalIgnoreCase)))],
        Language ?? stated.Language);
}

/// <summary>Normalizing and checking the formats of contact data.</summary>
public static partial class ContactFormats
{
    /// <summary>
    /// The E.164 form of a phone number, or null when it is not one. "+" and 8 to 15 digits is taken as
    /// is; without "+", 10 digits (or 11 starting with 1) are a North American number. Spaces, dots,
    /// hyphens and parentheses are ignored. A North American number must have a valid area code and exchange.
    /// </summary>
    public static string? ToE164(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        var international = input.TrimStart().StartsWith('+');
        var digits = new string([.. input.Where(c => c is not (' ' or '-' or '.' or '(' or ')' or '+'))]);
        if (!digits.All(char.IsAsciiDigit) || input.Count(c => c == '+') > (international ? 1 : 0))
        {
            return null;
        }

        var e164 = international ? digits
            : digits.Length == 10 ? "1" + digits
            : digits.Length == 11 && digits[0] == '1' ? digits
            : null;
        if (e164 is null || e164.Length is < 8 or > 15 || e164[0] == '0')
        {
            return null;
        }

        // NANP: area code and exchange start with 2-9.
        if (e164[0] == '1' && (e164.Length != 11 || e164[1] < '2' || e164[4] < '2'))
        {
            return null;
        }

        return "+" + e164;
    }

    /// <summary>A plausible email address: one "@", something before it, a dotted domain after it, no spaces.</summary>
    public static bool IsEmail(string? value) => value is { Length: <= 254 } && EmailPattern().IsMatch(value);

    /// <summary>A BCP 47 language tag of the usual shape: "en", "es", "en-US", "zh-Hant".</summary>
    public static bool IsLanguageTag(string? value) => value is { Length: <= 35 } && LanguagePattern().IsMatch(value);

    /// <summary>An ISO 3166-1 alpha-2 country code.</summary>
    public static bool IsCountryCode(string? value) => value is { Length: 2 } && value.All(char.IsAsciiLetterUpper);

    /// <summary>A US ZIP code or ZIP+4.</summary>
    public static bool IsZip(string? value) => value is not null && ZipPattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^\d{5}(-?\d{4})?$")]
    private static partial Regex ZipPattern();
}
