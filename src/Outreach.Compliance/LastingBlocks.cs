namespace Collections.Outreach.Compliance;

/// <summary>
/// Reasons that last until something changes (a hold released, consent given), shared by every decision because
/// they carry no instant: a blocked decision allocates only for reasons that lift with time.
/// </summary>
internal static class LastingBlocks
{
    public static readonly BlockReason DisputeHold = new(
        BlockReasonCodes.DisputeHold,
        "A dispute awaits verification; collection stops until the verification is sent.",
        "12 CFR 1006.38(d)(2)");

    public static readonly BlockReason CeaseCommunication = new(
        BlockReasonCodes.CeaseCommunication,
        "The consumer asked the collector to cease communication; only a letter or email confirming that efforts end or notifying of a specific remedy may be sent.",
        "12 CFR 1006.6(c)");

    public static readonly BlockReason AttorneyRepresented = new(
        BlockReasonCodes.AttorneyRepresented,
        "An attorney represents the consumer about this debt; contact the attorney instead.",
        "12 CFR 1006.6(b)(2)");

    public static readonly BlockReason Bankruptcy = new(
        BlockReasonCodes.Bankruptcy,
        "The consumer is in bankruptcy; the automatic stay stops all collection.",
        "11 U.S.C. 362(a)");

    public static readonly BlockReason Deceased = new(
        BlockReasonCodes.Deceased,
        "The consumer is deceased; contact only the estate's representative.",
        "12 CFR 1006.6(a)(4)");

    public static readonly BlockReason Recalled = new(
        BlockReasonCodes.Recalled,
        "The client recalled the account; the agency no longer collects it.",
        "Client placement agreement");

    public static readonly BlockReason WorkPhone = new(
        BlockReasonCodes.WorkPhone,
        "This is a work number and the consumer's employer prohibits such contact at work.",
        "12 CFR 1006.6(b)(3)");

    public static readonly BlockReason MediumOptOut = new(
        BlockReasonCodes.MediumOptOut,
        "The consumer asked not to be contacted through this medium.",
        "12 CFR 1006.14(h)(1)");

    public static readonly BlockReason NumberOptOut = new(
        BlockReasonCodes.NumberOptOut,
        "The consumer asked not to be contacted at this phone number.",
        "12 CFR 1006.14(h)(1)");

    public static readonly BlockReason AddressOptOut = new(
        BlockReasonCodes.AddressOptOut,
        "The consumer asked not to be contacted at this email address.",
        "12 CFR 1006.14(h)(1)");

    public static readonly BlockReason TcpaNoConsent = new(
        BlockReasonCodes.TcpaNoConsent,
        "An automated or prerecorded call or a text to a mobile number needs the consumer's prior express consent, and none is on file for this number.",
        "47 U.S.C. 227(b)(1)(A)(iii)");

    public static readonly BlockReason TcpaConsentRevoked = new(
        BlockReasonCodes.TcpaNoConsent,
        "The consumer revoked consent to automated or prerecorded calls and texts to this mobile number.",
        "47 U.S.C. 227(b)(1)(A)(iii)");

    public static readonly BlockReason UnknownTimeZone = new(
        BlockReasonCodes.UnknownTimeZone,
        "No time zone of the consumer is known, so no time can be shown to be convenient for them.",
        "12 CFR 1006.6(b)(1)(i)");
}
