namespace Collections.Accounts.Domain;

/// <summary>What starts the statute-of-limitations clock in a jurisdiction.</summary>
public enum LimitationStart
{
    /// <summary>Default: the charge-off date, else the delinquency date. A later payment does not restart it.</summary>
    Default,

    /// <summary>The last payment when later than the default (states where a payment restarts the clock).</summary>
    LastPayment,
}

/// <summary>
/// How long a debt can be sued on in one jurisdiction, from a given date. Rows are versioned by
/// <see cref="EffectiveFrom"/>: a change in the law is a new row, never an edit, so past answers stay
/// explainable. <see cref="AnyJurisdiction"/> is the conservative fallback for states not yet listed.
/// </summary>
public sealed class LimitationPeriod
{
    public const string AnyJurisdiction = "*";

    private LimitationPeriod()
    {
    }

    public LimitationPeriod(string jurisdiction, DateOnly effectiveFrom, int years, LimitationStart startsFrom, string source)
    {
        Jurisdiction = jurisdiction;
        EffectiveFrom = effectiveFrom;
        Years = years;
        StartsFrom = startsFrom;
        Source = source;
    }

    public string Jurisdiction { get; private set; } = "";

    public DateOnly EffectiveFrom { get; private set; }

    public int Years { get; private set; }

    public LimitationStart StartsFrom { get; private set; }

    /// <summary>The statute or rule the row comes from, for compliance review.</summary>
    public string Source { get; private set; } = "";

    /// <summary>When the clock starts for these dates, or null when the account has no date to start it.</summary>
    public DateOnly? ClockStart(DateOnly? delinquency, DateOnly? chargeOff, DateOnly? lastPayment)
    {
        var defaultStart = chargeOff ?? delinquency;
        if (StartsFrom == LimitationStart.LastPayment && lastPayment is { } paid && (defaultStart is null || paid > defaultStart))
        {
            return paid;
        }

        return defaultStart;
    }

    /// <summary>The first day the debt is time-barred, or null when the clock has not started.</summary>
    public DateOnly? TimeBarredAt(DateOnly? delinquency, DateOnly? chargeOff, DateOnly? lastPayment) =>
        ClockStart(delinquency, chargeOff, lastPayment)?.AddYears(Years);
}

/// <summary>The limitation periods in force, chosen per jurisdiction and date.</summary>
public sealed class LimitationPeriods(IEnumerable<LimitationPeriod> periods)
{
    private readonly List<LimitationPeriod> periods = [.. periods.OrderByDescending(p => p.EffectiveFrom)];

    /// <summary>The period in force in <paramref name="jurisdiction"/> on <paramref name="on"/>, else the conservative fallback.</summary>
    public LimitationPeriod? For(string jurisdiction, DateOnly on) =>
        periods.FirstOrDefault(p => p.Jurisdiction == jurisdiction && p.EffectiveFrom <= on)
        ?? periods.FirstOrDefault(p => p.Jurisdiction == LimitationPeriod.AnyJurisdiction && p.EffectiveFrom <= on);
}
