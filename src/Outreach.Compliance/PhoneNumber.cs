namespace Collections.Outreach.Compliance;

/// <summary>What a phone number is to the consumer, as far as the collector knows.</summary>
public enum PhoneNumberType
{
    /// <summary>A cellular number; TCPA consent rules apply to automated calls and texts.</summary>
    Mobile,

    /// <summary>A residential landline.</summary>
    Landline,

    /// <summary>A number at the consumer's place of employment.</summary>
    Work,
}

/// <summary>A consumer's phone number. Numbers are compared exactly, so keep them in one format (E.164).</summary>
/// <param name="Number">The number in E.164 form, e.g. <c>+16175550100</c>.</param>
/// <param name="Type">Mobile, landline or work.</param>
public sealed record PhoneNumber(string Number, PhoneNumberType Type);
