namespace Collections.Outreach.Compliance;

/// <summary>How a past contact attempt ended.</summary>
public enum ContactOutcome
{
    /// <summary>The call never connected to the dialed number (busy signal, network failure); not a placed call under 12 CFR 1006.14(b)(3)(ii).</summary>
    NotConnected,

    /// <summary>The call rang out unanswered.</summary>
    NoAnswer,

    /// <summary>A voicemail message was left; not a conversation.</summary>
    Voicemail,

    /// <summary>Someone other than the consumer answered; not a conversation with the consumer.</summary>
    WrongParty,

    /// <summary>The agent spoke with the consumer.</summary>
    RightPartyContact,

    /// <summary>The consumer promised to pay during the conversation.</summary>
    PromiseToPay,

    /// <summary>The consumer refused to pay during the conversation.</summary>
    Refused,

    /// <summary>The consumer disputed the debt during the conversation.</summary>
    DisputeRaised,

    /// <summary>The consumer asked to be called back during the conversation.</summary>
    CallbackRequested,

    /// <summary>A letter, email or text was sent by a channel provider; not a call and not a conversation.</summary>
    Sent,
}

internal static class ContactOutcomes
{
    /// <summary>Every placed call counts toward call frequency except one that never reached the dialed number.</summary>
    public static bool IsPlacedCall(this ContactOutcome outcome) => outcome != ContactOutcome.NotConnected;

    /// <summary>A telephone conversation is one with the consumer themself; a voicemail or a wrong party is not.</summary>
    public static bool IsConversation(this ContactOutcome outcome) =>
        outcome is ContactOutcome.RightPartyContact
            or ContactOutcome.PromiseToPay
            or ContactOutcome.Refused
            or ContactOutcome.DisputeRaised
            or ContactOutcome.CallbackRequested;
}
