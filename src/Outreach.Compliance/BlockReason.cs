namespace Collections.Outreach.Compliance;

/// <summary>One rule that blocks a contact.</summary>
/// <param name="Code">A stable code from <see cref="BlockReasonCodes"/>, for machines and reports.</param>
/// <param name="Message">What the rule forbids, for agents and auditors.</param>
/// <param name="Citation">The regulation or rule the block comes from.</param>
/// <param name="LiftsAt">When this block alone lifts, if nothing else changes; null when it lasts until something changes (a hold is released, consent is given).</param>
public sealed record BlockReason(string Code, string Message, string Citation, DateTimeOffset? LiftsAt = null)
{
    /// <summary>Whether the block lifts by itself with time.</summary>
    public bool IsTemporary => LiftsAt is not null;
}

/// <summary>The stable codes of <see cref="BlockReason"/>.</summary>
public static class BlockReasonCodes
{
    /// <summary>Seven calls were already placed within seven consecutive days.</summary>
    public const string SevenCallsInSevenDays = "reg-f-7-in-7";

    /// <summary>A telephone conversation took place within the last seven consecutive days.</summary>
    public const string SevenDaysAfterConversation = "reg-f-7-days-after-conversation";

    /// <summary>Before 08:00 or from 21:00 in one of the consumer's zones (or outside narrower state hours).</summary>
    public const string InconvenientTime = "inconvenient-time";

    /// <summary>Within a time the consumer said is inconvenient.</summary>
    public const string ConsumerInconvenientTime = "consumer-inconvenient-time";

    /// <summary>No time zone of the consumer is known, so no time can be shown to be convenient.</summary>
    public const string UnknownTimeZone = "unknown-time-zone";

    /// <summary>A work number, and the employer prohibits such contact.</summary>
    public const string WorkPhone = "work-phone";

    /// <summary>The consumer forbade this medium.</summary>
    public const string MediumOptOut = "medium-opt-out";

    /// <summary>The consumer asked not to be contacted at this number.</summary>
    public const string NumberOptOut = "number-opt-out";

    /// <summary>The consumer asked not to be contacted at this email address.</summary>
    public const string AddressOptOut = "address-opt-out";

    /// <summary>An automated call or text to a mobile number without TCPA consent in force.</summary>
    public const string TcpaNoConsent = "tcpa-no-consent";

    /// <summary>An attorney represents the consumer; contact the attorney.</summary>
    public const string AttorneyRepresented = "attorney-represented";

    /// <summary>The consumer asked the collector to cease communication.</summary>
    public const string CeaseCommunication = "cease-communication";

    /// <summary>A dispute awaits verification.</summary>
    public const string DisputeHold = "dispute-hold";

    /// <summary>The consumer is in bankruptcy.</summary>
    public const string Bankruptcy = "bankruptcy";

    /// <summary>The consumer is deceased.</summary>
    public const string Deceased = "deceased";

    /// <summary>The client recalled the account.</summary>
    public const string Recalled = "recalled";

    /// <summary>A jurisdiction's cap on calls within a number of days is reached.</summary>
    public const string StateCallCap = "state-call-cap";
}
