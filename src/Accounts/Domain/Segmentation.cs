namespace Collections.Accounts.Domain;

/// <summary>
/// The weights of the propensity-to-pay score: <c>score = Base + Σ weight × feature</c>, rounded and
/// clamped to 0..1000. Each feature is named after what it measures (see <see cref="ScoreFeatures"/>).
/// </summary>
/// <param name="Base">Where every account starts.</param>
/// <param name="RecentPayment">× 1 when the consumer paid within the recent-payment window.</param>
/// <param name="AnyPayment">× 1 when the consumer ever paid (before or since placement).</param>
/// <param name="PerYearOfDebtAge">× years since the debt fell due (charge-off, else delinquency, else placement), at most 10.</param>
/// <param name="PerThousandOfBalance">× balance in thousands, at most 50.</param>
/// <param name="ConsentedMobile">× 1 when a mobile number has autodialer consent.</param>
/// <param name="AnyPhone">× 1 when any phone number is known.</param>
/// <param name="ConsentedEmail">× 1 when an email address has consent.</param>
/// <param name="Held">× 1 when any hold blocks collection contact.</param>
/// <param name="TimeBarred">× 1 when the statute of limitations has run.</param>
/// <param name="RecentRightPartyContact">× 1 when an agent spoke with the consumer within the recent-contact window.</param>
public sealed record ScoreWeights(
    decimal Base = 500m,
    decimal RecentPayment = 200m,
    decimal AnyPayment = 100m,
    decimal PerYearOfDebtAge = -40m,
    decimal PerThousandOfBalance = -10m,
    decimal ConsentedMobile = 80m,
    decimal AnyPhone = 40m,
    decimal ConsentedEmail = 30m,
    decimal Held = -300m,
    decimal TimeBarred = -150m,
    decimal RecentRightPartyContact = 50m)
{
    public const decimal Limit = 1000m;

    /// <summary>Every weight by feature name, in the order the README documents them.</summary>
    public IEnumerable<(string Name, decimal Weight)> Named() =>
    [
        ("base", Base), ("recentPayment", RecentPayment), ("anyPayment", AnyPayment), ("perYearOfDebtAge", PerYearOfDebtAge),
        ("perThousandOfBalance", PerThousandOfBalance), ("consentedMobile", ConsentedMobile), ("anyPhone", AnyPhone),
        ("consentedEmail", ConsentedEmail), ("held", Held), ("timeBarred", TimeBarred), ("recentRightPartyContact", RecentRightPartyContact),
    ];
}

/// <summary>
/// A tenant's segmentation: the band limits and the score weights. Defaults apply until the tenant sets its own.
/// </summary>
/// <param name="EarlyMaxDays">Debt age up to this many days is "early".</param>
/// <param name="MidMaxDays">Debt age up to this many days (above early) is "mid"; older is "late".</param>
/// <param name="LowMaxBalance">A balance up to this is "low".</param>
/// <param name="MediumMaxBalance">A balance up to this (above low) is "medium"; more is "high".</param>
/// <param name="RecentPaymentDays">A payment within this many days is recent.</param>
/// <param name="RecentContactDays">A right-party contact within this many days is recent.</param>
/// <param name="Weights">The score's weights.</param>
public sealed record SegmentationSettings(
    int EarlyMaxDays,
    int MidMaxDays,
    decimal LowMaxBalance,
    decimal MediumMaxBalance,
    int RecentPaymentDays,
    int RecentContactDays,
    ScoreWeights Weights)
{
    public static SegmentationSettings Default { get; } = new(180, 730, 500m, 2500m, 90, 30, new ScoreWeights());

    /// <summary>What is wrong with these settings, by field; empty when they can be used.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var errors = new Dictionary<string, string[]>();
        if (EarlyMaxDays < 1 || MidMaxDays <= EarlyMaxDays || MidMaxDays > 36_500)
        {
            errors[nameof(MidMaxDays)] = ["Day limits must satisfy 1 <= earlyMaxDays < midMaxDays <= 36500."];
        }

        if (LowMaxBalance <= 0 || MediumMaxBalance <= LowMaxBalance || MediumMaxBalance >= 1_000_000_000m)
        {
            errors[nameof(MediumMaxBalance)] = ["Balance limits must satisfy 0 < lowMaxBalance < mediumMaxBalance < 1,000,000,000."];
        }

        if (RecentPaymentDays is < 1 or > 3650)
        {
            errors[nameof(RecentPaymentDays)] = ["From 1 to 3650."];
        }

        if (RecentContactDays is < 1 or > 3650)
        {
            errors[nameof(RecentContactDays)] = ["From 1 to 3650."];
        }

        if (Weights is null)
        {
            errors[nameof(Weights)] = ["Required."];
        }
        else if (Weights.Named().Any(w => w.Weight is < -ScoreWeights.Limit or > ScoreWeights.Limit))
        {
            errors[nameof(Weights)] = [$"Every weight from {-ScoreWeights.Limit} to {ScoreWeights.Limit}."];
        }

        return errors;
    }
}

/// <summary>The facts of one account the segment and score are computed from, as of <see cref="Today"/>.</summary>
/// <param name="Today">The day of the computation.</param>
/// <param name="DebtAgeFrom">Charge-off date, else delinquency date, else the placement day.</param>
/// <param name="Balance">The current balance.</param>
/// <param name="LastPaidOn">The last payment known (placed or posted and not reversed); null when none.</param>
/// <param name="HasHolds">Any hold blocks contact.</param>
/// <param name="HasConsentedMobile">A mobile number with autodialer consent.</param>
/// <param name="HasPhone">Any phone number.</param>
/// <param name="HasConsentedEmail">An email address with consent.</param>
/// <param name="TimeBarred">The statute of limitations has run.</param>
/// <param name="LastRightPartyContactOn">The last conversation with the consumer about the debt; null when none.</param>
/// <param name="HasMobile">Any mobile number, with autodialer consent or without.</param>
public sealed record SegmentationInputs(
    DateOnly Today,
    DateOnly DebtAgeFrom,
    decimal Balance,
    DateOnly? LastPaidOn,
    bool HasHolds,
    bool HasConsentedMobile,
    bool HasPhone,
    bool HasConsentedEmail,
    bool TimeBarred,
    DateOnly? LastRightPartyContactOn,
    bool HasMobile = false);

/// <summary>The value of each score feature for one account (see <see cref="ScoreWeights"/>).</summary>
public sealed record ScoreFeatures(
    decimal RecentPayment,
    decimal AnyPayment,
    decimal YearsOfDebtAge,
    decimal ThousandsOfBalance,
    decimal ConsentedMobile,
    decimal AnyPhone,
    decimal ConsentedEmail,
    decimal Held,
    decimal TimeBarred,
    decimal RecentRightPartyContact);

/// <summary>An account's segment and score, and the features the score came from.</summary>
public sealed record SegmentAssignment(string Segment, int Score, ScoreFeatures Features);

/// <summary>
/// Segments accounts and scores their propensity to pay: pure functions of the inputs and the
/// tenant's settings, so the same facts always give the same segment and score.
/// </summary>
public static class AccountSegmentation
{
    public const int MaxScore = 1000;

    private const decimal MaxYearsOfDebtAge = 10m;
    private const decimal MaxThousandsOfBalance = 50m;

    /// <summary>The segment code "{age}-{balance}-{history}-{contactability}" and the score.</summary>
    public static SegmentAssignment Assign(SegmentationInputs inputs, SegmentationSettings settings)
    {
        var features = Features(inputs, settings);
        var segment = string.Join('-', AgeBand(inputs, settings), BalanceBand(inputs.Balance, settings), PaymentHistory(inputs, settings), Contactability(inputs));
        return new SegmentAssignment(segment, Score(features, settings.Weights), features);
    }

    /// <summary>"early", "mid" or "late" by days since <see cref="SegmentationInputs.DebtAgeFrom"/>.</summary>
    public static string AgeBand(SegmentationInputs inputs, SegmentationSettings settings)
    {
        var days = AgeInDays(inputs);
        return days <= settings.EarlyMaxDays ? "early" : days <= settings.MidMaxDays ? "mid" : "late";
    }

    /// <summary>"low", "medium" or "high".</summary>
    public static string BalanceBand(decimal balance, SegmentationSettings settings) =>
        balance <= settings.LowMaxBalance ? "low" : balance <= settings.MediumMaxBalance ? "medium" : "high";

    /// <summary>"never-paid", "paid-recently" (within the recent-payment window) or "paid-before".</summary>
    public static string PaymentHistory(SegmentationInputs inputs, SegmentationSettings settings) =>
        inputs.LastPaidOn is not { } paid ? "never-paid"
        : inputs.Today.DayNumber - paid.DayNumber <= settings.RecentPaymentDays ? "paid-recently"
        : "paid-before";

    /// <summary>
    /// "held" (a hold blocks contact), "contactable" (a consented mobile), "mobile-no-consent" (a mobile, but none may be
    /// autodialed or texted), "landline-only" (only landline or work numbers) or "no-phone".
    /// </summary>
    public static string Contactability(SegmentationInputs inputs) =>
        inputs.HasHolds ? "held"
        : inputs.HasConsentedMobile ? "contactable"
        : inputs.HasMobile ? "mobile-no-consent"
        : inputs.HasPhone ? "landline-only"
        : "no-phone";

    public static ScoreFeatures Features(SegmentationInputs inputs, SegmentationSettings settings) => new(
        RecentPayment: Flag(PaymentHistory(inputs, settings) == "paid-recently"),
        AnyPayment: Flag(inputs.LastPaidOn is not null),
        YearsOfDebtAge: Math.Min(AgeInDays(inputs) / 365m, MaxYearsOfDebtAge),
        ThousandsOfBalance: Math.Min(Math.Max(inputs.Balance, 0m) / 1000m, MaxThousandsOfBalance),
        ConsentedMobile: Flag(inputs.HasConsentedMobile),
        AnyPhone: Flag(inputs.HasPhone),
        ConsentedEmail: Flag(inputs.HasConsentedEmail),
        Held: Flag(inputs.HasHolds),
        TimeBarred: Flag(inputs.TimeBarred),
        RecentRightPartyContact: Flag(inputs.LastRightPartyContactOn is { } contacted && inputs.Today.DayNumber - contacted.DayNumber <= settings.RecentContactDays));

    /// <summary>Base plus each weight times its feature, rounded half away from zero, clamped to 0..1000.</summary>
    public static int Score(ScoreFeatures f, ScoreWeights w)
    {
        var sum = w.Base
            + (w.RecentPayment * f.RecentPayment)
            + (w.AnyPayment * f.AnyPayment)
            + (w.PerYearOfDebtAge * f.YearsOfDebtAge)
            + (w.PerThousandOfBalance * f.ThousandsOfBalance)
            + (w.ConsentedMobile * f.ConsentedMobile)
            + (w.AnyPhone * f.AnyPhone)
            + (w.ConsentedEmail * f.ConsentedEmail)
            + (w.Held * f.Held)
            + (w.TimeBarred * f.TimeBarred)
            + (w.RecentRightPartyContact * f.RecentRightPartyContact);
        return (int)Math.Clamp(Math.Round(sum, MidpointRounding.AwayFromZero), 0m, MaxScore);
    }

    // A debt "from" the future (a date typed wrong) is as young as it gets.
    private static int AgeInDays(SegmentationInputs inputs) => Math.Max(0, inputs.Today.DayNumber - inputs.DebtAgeFrom.DayNumber);

    private static decimal Flag(bool value) => value ? 1m : 0m;
}
