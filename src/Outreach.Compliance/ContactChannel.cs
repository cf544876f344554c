namespace Collections.Outreach.Compliance;

/// <summary>The medium a contact with the consumer goes through.</summary>
public enum ContactChannel
{
    /// <summary>A telephone call (placed by an agent or a dialer).</summary>
    Call,

    /// <summary>A text message to a phone number.</summary>
    Sms,

    /// <summary>An email to an email address.</summary>
    Email,

    /// <summary>A letter sent by mail.</summary>
    Letter,

    /// <summary>A call placed to leave a voicemail message; counts as a telephone call for every call rule.</summary>
    Voicemail,
}

internal static class ContactChannels
{
    public static bool IsTelephoneCall(this ContactChannel channel) =>
        channel is ContactChannel.Call or ContactChannel.Voicemail;

    public static bool UsesPhoneNumber(this ContactChannel channel) =>
        channel is ContactChannel.Call or ContactChannel.Voicemail or ContactChannel.Sms;
}
