using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>
/// What the consumer told us about how they may be contacted, kept per consumer for all their
/// accounts: opted-out media, numbers and addresses, TCPA consents, inconvenient times, the
/// employer's stance on calls at work, and time zones known beyond their state's.
/// </summary>
public sealed class ContactProfile : ITenantOwned
{
    public Guid ConsumerId { get; set; }

    public Guid TenantId { get; set; }

    public ContactMedia OptedOutMedia { get; set; }

    public List<string> OptedOutNumbers { get; set; } = [];

    public List<string> OptedOutEmailAddresses { get; set; } = [];

    /// <summary>Numbers that must not be texted (a STOP reply); calls to them stay allowed.</summary>
    public List<string> SmsOptedOutNumbers { get; set; } = [];

    public List<TcpaConsentEntry> TcpaConsents { get; set; } = [];

    public List<InconvenientTimeEntry> InconvenientTimes { get; set; } = [];

    public bool EmployerProhibitsCalls { get; set; }

    /// <summary>IANA zones known from other signs (e.g. a phone's area code) besides the address's.</summary>
    public List<string> ExtraTimeZones { get; set; } = [];

    /// <summary>When the consumer last gave consent directly to be called (Reg F's 7-day exemption).</summary>
    public DateTimeOffset? DirectConsentAt { get; set; }

    /// <summary>The channel the consumer prefers for reminders (Email or Sms); null for no preference.</summary>
    public ContactChannel? PreferredChannel { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Prior express consent for autodialed/prerecorded calls and texts to one mobile number.</summary>
public sealed class TcpaConsentEntry
{
    public string Number { get; set; } = "";

    public DateTimeOffset GivenAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A weekly window, in the consumer's local time, they said is inconvenient.</summary>
public sealed class InconvenientTimeEntry
{
    public DayOfWeek Day { get; set; }

    public TimeOnly Start { get; set; }

    public TimeOnly End { get; set; }
}
