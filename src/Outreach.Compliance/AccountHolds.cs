namespace Collections.Outreach.Compliance;

/// <summary>Holds on an account; each one blocks collection contact with the consumer until it is released.</summary>
[Flags]
public enum AccountHolds
{
    /// <summary>No hold.</summary>
    None = 0,

    /// <summary>A dispute awaits verification (12 CFR 1006.38(d)(2)).</summary>
    Dispute = 1 << 0,

    /// <summary>The consumer refused to pay or asked the collector to stop, in writing (12 CFR 1006.6(c)).</summary>
    CeaseCommunication = 1 << 1,

    /// <summary>An attorney represents the consumer about this debt (12 CFR 1006.6(b)(2)).</summary>
    AttorneyRepresentation = 1 << 2,

    /// <summary>The consumer filed for bankruptcy; the automatic stay applies (11 U.S.C. 362(a)).</summary>
    Bankruptcy = 1 << 3,

    /// <summary>The consumer died; only the estate's representative may be contacted.</summary>
    Deceased = 1 << 4,

    /// <summary>The client recalled the account from the agency.</summary>
    Recalled = 1 << 5,
}
