using Collections.Accounts.Domain;

namespace Collections.Accounts.Apis;

/// <summary>A postal address as a caller states it.</summary>
/// <param name="Line1">Street and number, at most 200 characters.</param>
/// <param name="Line2">Apartment, suite, care of; optional, at most 200 characters.</param>
/// <param name="City">At most 100 characters.</param>
/// <param name="State">Two-letter US state or territory code; required in the US.</param>
/// <param name="PostalCode">ZIP or ZIP+4 in the US (required there); elsewhere at most 16 letters, digits, spaces and hyphens.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code; "US" when omitted.</param>
/// <param name="TimeZone">IANA zone to use instead of the one derived from the state and ZIP, e.g. "America/Chicago"; omit to derive it.</param>
public sealed record AddressDetails(
    string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country = null, string? TimeZone = null)
{
    internal static AddressDetails From(ConsumerAddress a) =>
        new(a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country, a.TimeZoneOverridden ? a.TimeZone : null);
}

/// <summary>A phone number as a caller states it.</summary>
/// <param name="Number">E.164 ("+16175550123"), or a 10-digit North American number in any usual format.</param>
/// <param name="Type">"mobile", "landline" or "work".</param>
/// <param name="AutodialerConsent">Prior express consent to autodialed or prerecorded calls and texts to this number (TCPA); false when omitted.</param>
/// <param name="ConsentGivenAt">When that consent was given (UTC), not in the future; ignored without consent.</param>
public sealed record PhoneDetails(string? Number, string? Type, bool AutodialerConsent = false, DateTimeOffset? ConsentGivenAt = null);

/// <summary>An email address as a caller states it.</summary>
/// <param name="Address">The address, at most 254 characters.</param>
/// <param name="Consent">Whether the consumer agreed to email at this address; false when omitted.</param>
/// <param name="ConsentGivenAt">When (UTC), not in the future; ignored without consent.</param>
public sealed record EmailDetails(string? Address, bool Consent = false, DateTimeOffset? ConsentGivenAt = null);

/// <summary>Checks stated contact data and turns it into the domain's, one rule set for placements and updates.</summary>
internal static class ContactDetailsRules
{
    public const int MaxAddresses = 5;
    public const int MaxPhones = 10;
    public const int MaxEmails = 10;

    /// <summary>Adds an error per bad field under <paramref name="prefix"/> (e.g. "Consumer.Phones[0].Number").</summary>
    public static void Check(
        string prefix, IReadOnlyList<AddressDetails?>? addresses, IReadOnlyList<PhoneDetails?>? phones, IReadOnlyList<EmailDetails?>? emails,
        string? language, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (addresses is { Count: > MaxAddresses })
        {
            errors[$"{prefix}Addresses"] = [$"At most {MaxAddresses} addresses."];
        }
        else
        {
            for (var i = 0; i < (addresses?.Count ?? 0); i++)
            {
                CheckAddress($"{prefix}Addresses[{i}]", addresses![i], errors);
            }
        }

        if (phones is { Count: > MaxPhones })
        {
            errors[$"{prefix}Phones"] = [$"At most {MaxPhones} phone numbers."];
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (phones?.Count ?? 0); i++)
            {
                var field = $"{prefix}Phones[{i}]";
                var phone = phones![i];
                if (phone is null)
                {
                    errors[field] = ["Required."];
                    continue;
                }

                if (ContactFormats.ToE164(phone.Number) is not { } e164)
                {
                    errors[$"{field}.Number"] = ["An E.164 number (\"+16175550123\") or a 10-digit North American number."];
                }
                else if (!seen.Add(e164))
                {
                    errors[$"{field}.Number"] = ["The same number is listed twice."];
                }

                if (phone.Type is null || !PhoneTypes.All.Contains(phone.Type))
                {
                    errors[$"{field}.Type"] = ["One of \"mobile\", \"landline\", \"work\"."];
                }

                CheckConsentInstant($"{field}.ConsentGivenAt", phone.ConsentGivenAt, now, errors);
            }
        }

        if (emails is { Count: > MaxEmails })
        {
            errors[$"{prefix}Emails"] = [$"At most {MaxEmails} email addresses."];
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < (emails?.Count ?? 0); i++)
            {
                var field = $"{prefix}Emails[{i}]";
                var email = emails![i];
                if (email is null)
                {
                    errors[field] = ["Required."];
                    continue;
                }

                if (!ContactFormats.IsEmail(email.Address?.Trim()))
                {
                    errors[$"{field}.Address"] = ["An email address, at most 254 characters."];
                }
                else if (!seen.Add(email.Address!.Trim()))
                {
                    errors[$"{field}.Address"] = ["The same address is listed twice."];
                }

                CheckConsentInstant($"{field}.ConsentGivenAt", email.ConsentGivenAt, now, errors);
            }
        }

        if (language is not null && !ContactFormats.IsLanguageTag(language.Trim()))
        {
            errors[$"{prefix}Language"] = ["A BCP 47 language tag, e.g. \"en\", \"es\", \"en-US\"."];
        }
    }

    /// <summary>The domain's contact data; <paramref name="current"/> supplies what the caller left out (null lists).</summary>
    public static ContactData ToContactData(
        IReadOnlyList<AddressDetails?>? addresses, IReadOnlyList<PhoneDetails?>? phones, IReadOnlyList<EmailDetails?>? emails, string? language, ContactData current) => new(
        addresses is null ? current.Addresses : [.. addresses.Select(a => ToAddress(a!))],
        phones is null ? current.Phones : [.. phones.Select(p => ConsumerPhone.Create(ContactFormats.ToE164(p!.Number)!, p.Type!, p.AutodialerConsent, p.ConsentGivenAt))],
        emails is null ? current.Emails : [.. emails.Select(e => new ConsumerEmail(e!.Address!.Trim(), e.Consent, e.Consent ? e.ConsentGivenAt : null))],
        language is null ? current.Language : Canonical(language.Trim()));

    private static ConsumerAddress ToAddress(AddressDetails a)
    {
        var country = string.IsNullOrWhiteSpace(a.Country) ? "US" : a.Country.Trim();
        return ConsumerAddress.Create(
            a.Line1!.Trim(), string.IsNullOrWhiteSpace(a.Line2) ? null : a.Line2.Trim(), a.City!.Trim(),
            string.IsNullOrWhiteSpace(a.State) ? null : a.State.Trim(), string.IsNullOrWhiteSpace(a.PostalCode) ? null : a.PostalCode.Trim(),
            country, string.IsNullOrWhiteSpace(a.TimeZone) ? null : a.TimeZone.Trim());
    }

    // "EN-us" is "en-US": language lower case, region upper case, script title case.
    private static string Canonical(string tag)
    {
        var parts = tag.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i == 0 ? parts[i].ToLowerInvariant()
                : parts[i].Length == 2 ? parts[i].ToUpperInvariant()
                : parts[i].Length == 4 ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    private static void CheckAddress(string field, AddressDetails? address, Dictionary<string, string[]> errors)
    {
        if (address is null)
        {
            errors[field] = ["Required."];
            return;
        }

        CheckText($"{field}.Line1", address.Line1, 200, required: true, errors);
        CheckText($"{field}.Line2", address.Line2, 200, required: false, errors);
        CheckText($"{field}.City", address.City, 100, required: true, errors);
        var country = string.IsNullOrWhiteSpace(address.Country) ? "US" : address.Country.Trim();
        if (!ContactFormats.IsCountryCode(country))
        {
            errors[$"{field}.Country"] = ["An ISO 3166-1 alpha-2 code in capitals, e.g. \"US\"."];
        }

        if (country == "US")
        {
            if (!Jurisdictions.IsKnown(address.State?.Trim()))
            {
                errors[$"{field}.State"] = ["A two-letter US state or territory code, e.g. \"MA\"."];
            }

            if (!ContactFormats.IsZip(address.PostalCode?.Trim()))
            {
                errors[$"{field}.PostalCode"] = ["A ZIP code (\"02139\") or ZIP+4 (\"02139-4307\")."];
            }
        }
        else
        {
            CheckText($"{field}.State", address.State, 64, required: false, errors);
            if (address.PostalCode is { } code && (code.Trim().Length > 16 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')))
            {
                errors[$"{field}.PostalCode"] = ["At most 16 letters, digits, spaces and hyphens."];
            }
        }

        if (!string.IsNullOrWhiteSpace(address.TimeZone) && !TimeZones.IsKnownZone(address.TimeZone.Trim()))
        {
            errors[$"{field}.TimeZone"] = ["An IANA time zone, e.g. \"America/Chicago\"."];
        }
    }

    private static void CheckText(string field, string? value, int maxLength, bool required, Dictionary<string, string[]> errors)
    {
        if ((required && string.IsNullOrWhiteSpace(value)) || (value is not null && value.Trim().Length > maxLength))
        {
            errors[field] = [required ? $"Required, at most {maxLength} characters." : $"At most {maxLength} characters."];
        }
    }

    private static void CheckConsentInstant(string field, DateTimeOffset? at, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (at is { } given && (given > now.AddMinutes(5) || given.Year < 1990))
        {
            errors[field] = ["An instant not in the future."];
        }
    }
}
