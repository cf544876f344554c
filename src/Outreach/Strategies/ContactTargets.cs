using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using PhoneNumber = Collections.Outreach.Compliance.PhoneNumber;

namespace Collections.Outreach.Strategies;

/// <summary>A number or address to reach the consumer at.</summary>
public sealed record ContactTarget(string Address, PhoneNumberType? PhoneType);

/// <summary>Chooses where a strategy step reaches the consumer, from what Accounts knows of them.</summary>
public static class ContactTargets
{
    /// <summary>
    /// Texts go to a mobile number, preferring one with autodialer consent; calls to the first number; emails to the
    /// first address the consumer consented to, else the first one. Null when there is none.
    /// </summary>
    public static ContactTarget? Choose(ContactChannel channel, ConsumerReply consumer) => channel switch
    {
        ContactChannel.Sms => consumer.Phones.Where(p => p.Type == "mobile").OrderByDescending(p => p.AutodialerConsent).Select(Phone).FirstOrDefault(),
        ContactChannel.Call or ContactChannel.Voicemail => consumer.Phones.Select(Phone).FirstOrDefault(),
        ContactChannel.Email => consumer.Emails.OrderByDescending(e => e.Consent).Select(e => new ContactTarget(e.Address, null)).FirstOrDefault(),
        _ => null,
    };

    /// <summary>The engine's request for a step at <paramref name="at"/>.</summary>
    public static ContactRequest Request(ContactChannel channel, ContactTarget? target, DateTimeOffset at) => channel switch
    {
        ContactChannel.Sms => ContactRequest.Sms(new PhoneNumber(target!.Address, target.PhoneType ?? PhoneNumberType.Mobile), at),
        ContactChannel.Call => ContactRequest.Call(new PhoneNumber(target!.Address, target.PhoneType ?? PhoneNumberType.Landline), at),
        ContactChannel.Voicemail => ContactRequest.Voicemail(new PhoneNumber(target!.Address, target.PhoneType ?? PhoneNumberType.Landline), at),
        ContactChannel.Email => ContactRequest.Email(target!.Address, at),
        _ => ContactRequest.Letter(at),
    };

    /// <summary>
    /// The consumer's preferences with the autodialer consents Accounts holds for numbers Outreach has no record of
    /// (Outreach's own record of a number, a revocation included, wins).
    /// </summary>
    public static ContactProfile? WithConsents(ContactProfile? profile, ConsumerReply? consumer)
    {
        var fromAccounts = consumer?.Phones.Where(p => p.AutodialerConsent && (profile is null || !profile.TcpaConsents.Any(c => c.Number == p.Number))).ToList() ?? [];
        if (fromAccounts.Count == 0)
        {
            return profile;
        }

        var merged = profile is null ? new ContactProfile() : Copy(profile);
        merged.TcpaConsents = [.. merged.TcpaConsents, .. fromAccounts.Select(p => new TcpaConsentEntry { Number = p.Number, GivenAt = p.ConsentGivenAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue })];
        return merged;
    }

    private static ContactTarget Phone(Contracts.Grpc.Accounts.PhoneNumber phone) => new(phone.Number, phone.Type switch
    {
        "mobile" => PhoneNumberType.Mobile,
        "work" => PhoneNumberType.Work,
        _ => PhoneNumberType.Landline,
    });

    private static ContactProfile Copy(ContactProfile p) => new()
    {
        ConsumerId = p.ConsumerId,
        TenantId = p.TenantId,
        OptedOutMedia = p.OptedOutMedia,
        OptedOutNumbers = p.OptedOutNumbers,
        OptedOutEmailAddresses = p.OptedOutEmailAddresses,
        SmsOptedOutNumbers = p.SmsOptedOutNumbers,
        TcpaConsents = p.TcpaConsents,
        InconvenientTimes = p.InconvenientTimes,
        EmployerProhibitsCalls = p.EmployerProhibitsCalls,
        ExtraTimeZones = p.ExtraTimeZones,
        DirectConsentAt = p.DirectConsentAt,
        UpdatedAt = p.UpdatedAt,
    };
}
