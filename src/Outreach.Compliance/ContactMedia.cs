namespace Collections.Outreach.Compliance;

/// <summary>Media a consumer can forbid the collector to use (12 CFR 1006.14(h)).</summary>
[Flags]
public enum ContactMedia
{
    /// <summary>No medium forbidden.</summary>
    None = 0,

    /// <summary>Telephone calls, voicemails included.</summary>
    Calls = 1 << 0,

    /// <summary>Text messages.</summary>
    Sms = 1 << 1,

    /// <summary>Email.</summary>
    Email = 1 << 2,

    /// <summary>Letters.</summary>
    Letters = 1 << 3,
}
