namespace Collections.Outreach.Compliance;

/// <summary>Why the collector wants to reach the consumer; only matters where a rule has exceptions.</summary>
public enum ContactPurpose
{
    /// <summary>Any communication in connection with collecting the debt.</summary>
    Collection,

    /// <summary>Telling a consumer who asked to cease communication that further efforts are ending (12 CFR 1006.6(c)(2)(i)).</summary>
    ConfirmEndOfEfforts,

    /// <summary>Telling a consumer who asked to cease communication of a specific remedy the collector or creditor may or will invoke (12 CFR 1006.6(c)(2)(ii)–(iii)).</summary>
    NotifyOfRemedy,
}

/// <summary>
/// A contact Outreach wants to make: the channel, whom it reaches (a phone number or an email address; letters go
/// to the postal address on file), how it is made and when. Build one with <see cref="Call"/>, <see cref="Voicemail"/>,
/// <see cref="Sms"/>, <see cref="Email"/> or <see cref="Letter"/>, so a request always names the target its channel needs.
/// </summary>
public sealed class ContactRequest
{
    private ContactRequest(
        ContactChannel channel,
        DateTimeOffset at,
        PhoneNumber? phone,
        string? emailAddress,
        bool autodialed,
        bool prerecorded,
        ContactPurpose purpose)
    {
        Channel = channel;
        At = at;
        Phone = phone;
        EmailAddress = emailAddress;
        Autodialed = autodialed;
        Prerecorded = prerecorded;
        Purpose = purpose;
    }

    /// <summary>The medium of the contact.</summary>
    public ContactChannel Channel { get; }

    /// <summary>The instant the contact would be made.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The number dialled or texted; set for calls, voicemails and texts.</summary>
    public PhoneNumber? Phone { get; }

    /// <summary>The address written to; set for emails.</summary>
    public string? EmailAddress { get; }

    /// <summary>Whether an automatic telephone dialing system places the call or sends the text.</summary>
    public bool Autodialed { get; }

    /// <summary>Whether the call plays an artificial or prerecorded voice.</summary>
    public bool Prerecorded { get; }

    /// <summary>Why the contact is made.</summary>
    public ContactPurpose Purpose { get; }

    /// <summary>A telephone call to <paramref name="phone"/> at <paramref name="at"/>.</summary>
    public static ContactRequest Call(
        PhoneNumber phone,
        DateTimeOffset at,
        bool autodialed = false,
        bool prerecorded = false,
        ContactPurpose purpose = ContactPurpose.Collection)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return new(ContactChannel.Call, at, phone, null, autodialed, prerecorded, purpose);
    }

    /// <summary>A call placed to leave a voicemail message on <paramref name="phone"/>.</summary>
    public static ContactRequest Voicemail(
        PhoneNumber phone,
        DateTimeOffset at,
        bool autodialed = false,
        bool prerecorded = false,
        ContactPurpose purpose = ContactPurpose.Collection)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return new(ContactChannel.Voicemail, at, phone, null, autodialed, prerecorded, purpose);
    }

    /// <summary>
    /// A text message to <paramref name="phone"/>. The platform's software sends every text, so texts count as
    /// automated under the TCPA: the engine does not lean on the narrow autodialer reading of Facebook v. Duguid.
    /// </summary>
    public static ContactRequest Sms(PhoneNumber phone, DateTimeOffset at, ContactPurpose purpose = ContactPurpose.Collection)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return new(ContactChannel.Sms, at, phone, null, true, false, purpose);
    }

    /// <summary>An email to <paramref name="address"/>.</summary>
    public static ContactRequest Email(
        string address,
        DateTimeOffset at,
        ContactPurpose purpose = ContactPurpose.Collection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return new(ContactChannel.Email, at, null, address, false, false, purpose);
    }

    /// <summary>A letter to the consumer's postal address, sent at <paramref name="at"/>.</summary>
    public static ContactRequest Letter(DateTimeOffset at, ContactPurpose purpose = ContactPurpose.Collection) =>
        new(ContactChannel.Letter, at, null, null, false, false, purpose);
}
