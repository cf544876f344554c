namespace Collections.Outreach.Compliance;

/// <summary>
/// One version of the rules a jurisdiction adds to federal law. Rules are data: a jurisdiction gets stricter limits
/// by adding a version to the <see cref="JurisdictionRuleTable"/>, never by a branch in the engine.
/// </summary>
public sealed record JurisdictionRules
{
    /// <summary>The state, district or territory code, or <see cref="JurisdictionRuleTable.Default"/> for the rules of every jurisdiction without an entry.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>The version number; higher versions take effect later.</summary>
    public required int Version { get; init; }

    /// <summary>The instant this version takes effect; it applies to contacts at or after it until a later version does.</summary>
    public required DateTimeOffset EffectiveFrom { get; init; }

    /// <summary>The regulation this version encodes.</summary>
    public string? Citation { get; init; }

    /// <summary>Caps on calls within a number of days, each for some kinds of number.</summary>
    public IReadOnlyList<CallCap> CallCaps { get; init; } = [];

    /// <summary>Local hours narrower than the federal 08:00–21:00, when the jurisdiction sets them.</summary>
    public ConvenientHours? ConvenientHours { get; init; }

    /// <summary>Where the numbers come from and how they were read, for the people who maintain the table.</summary>
    public string? Notes { get; init; }
}

/// <summary>
/// At most <see cref="Calls"/> placed calls per debt within <see cref="PerDays"/> consecutive local days, counting calls
/// to the kinds of number in <see cref="NumberTypes"/> (every kind when empty). Counted like Regulation F's limit:
/// calls that never connected do not count; calls to a number of unknown kind count toward every cap.
/// </summary>
public sealed record CallCap
{
    /// <summary>The most calls allowed within the period.</summary>
    public required int Calls { get; init; }

    /// <summary>The length of the period in consecutive days, the day of the call included.</summary>
    public required int PerDays { get; init; }

    /// <summary>The kinds of number the cap counts and applies to; empty means every kind.</summary>
    public IReadOnlyList<PhoneNumberType> NumberTypes { get; init; } = [];

    /// <summary>The rule the cap comes from.</summary>
    public required string Citation { get; init; }

    /// <summary>The cap in words, shown as the block reason's message.</summary>
    public required string Description { get; init; }
}

/// <summary>Local hours within which contact is convenient: from <paramref name="Start"/> (inclusive) to <paramref name="End"/> (exclusive).</summary>
/// <param name="Start">The first convenient local time.</param>
/// <param name="End">The first inconvenient local time after <paramref name="Start"/>.</param>
/// <param name="Citation">The rule the hours come from.</param>
public sealed record ConvenientHours(TimeOnly Start, TimeOnly End, string Citation);
