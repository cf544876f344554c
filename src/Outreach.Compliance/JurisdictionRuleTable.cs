using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Collections.Outreach.Compliance;

/// <summary>
/// The versioned rules of every jurisdiction: for a jurisdiction and an instant, the version in effect. A
/// jurisdiction without a version in effect gets the <see cref="Default"/> entry's, or federal law only.
/// </summary>
public sealed class JurisdictionRuleTable
{
    /// <summary>The jurisdiction code of the entry that applies to every jurisdiction without one of its own.</summary>
    public const string Default = "*";

    private const string FederalHoursCitation = "12 CFR 1006.6(b)(1)(i)";

    private static readonly TimeOnly FederalStart = new(8, 0);
    private static readonly TimeOnly FederalEnd = new(21, 0);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly CompiledJurisdiction FederalOnly = Compile(new JurisdictionRules
    {
        Jurisdiction = Default,
        Version = 0,
        EffectiveFrom = DateTimeOffset.MinValue,
        Citation = "FDCPA, Regulation F and TCPA only",
    });

    // Versions per jurisdiction, newest first, so a lookup stops at the first one in effect.
    private readonly FrozenDictionary<string, CompiledJurisdiction[]> versions;
    private readonly CompiledJurisdiction[] defaults;

    /// <summary>A table of <paramref name="rules"/>; throws <see cref="ArgumentException"/> when a version is inconsistent.</summary>
    public JurisdictionRuleTable(IEnumerable<JurisdictionRules> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        foreach (var version in Rules)
        {
            Validate(version);
        }

        versions = Rules
            .GroupBy(version => version.Jurisdiction, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                group => group.Key,
                group => CompileVersions(group.Key, group),
                StringComparer.OrdinalIgnoreCase);
        defaults = versions.GetValueOrDefault(Default) ?? [];
    }

    /// <summary>
    /// The rules shipped with the platform (embedded <c>jurisdiction-rules.json</c>): federal law everywhere, and
    /// Massachusetts' call caps.
    /// </summary>
    public static JurisdictionRuleTable Standard { get; } = LoadStandard();

    /// <summary>Every version in the table, as given.</summary>
    public IReadOnlyList<JurisdictionRules> Rules { get; }

    /// <summary>Reads a table from JSON: <c>{ "jurisdictions": [ { "jurisdiction": "MA", "version": 1, ... } ] }</c>.</summary>
    public static JurisdictionRuleTable FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var file = JsonSerializer.Deserialize<JurisdictionRuleFile>(json, JsonOptions)
            ?? throw new ArgumentException("The jurisdiction rules document is empty.", nameof(json));
        return new(file.Jurisdictions);
    }

    /// <summary>The rules in effect for <paramref name="jurisdiction"/> at <paramref name="at"/>.</summary>
    public JurisdictionRules RulesFor(string jurisdiction, DateTimeOffset at) =>
        Compiled(jurisdiction, at.UtcTicks).Rules;

    internal CompiledJurisdiction Compiled(string jurisdiction, long atUtcTicks)
    {
        if (versions.TryGetValue(jurisdiction, out var own) && InEffect(own, atUtcTicks) is { } version)
        {
            return version;
        }

        return InEffect(defaults, atUtcTicks) ?? FederalOnly;
    }

    private static CompiledJurisdiction? InEffect(CompiledJurisdiction[] newestFirst, long atUtcTicks)
    {
        foreach (var version in newestFirst)
        {
            if (version.EffectiveFromUtcTicks <= atUtcTicks)
            {
                return version;
            }
        }

        return null;
    }

    private static JurisdictionRuleTable LoadStandard()
    {
        using var stream = typeof(JurisdictionRuleTable).Assembly
            .GetManifestResourceStream("Collections.Outreach.Compliance.jurisdiction-rules.json")
            ?? throw new InvalidOperationException("The embedded jurisdiction rules are missing.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    private static void Validate(JurisdictionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var name = $"{rules.Jurisdiction} version {rules.Version}";
        if (string.IsNullOrWhiteSpace(rules.Jurisdiction))
        {
            throw new ArgumentException("A jurisdiction rules version names no jurisdiction.");
        }

        if (rules.Version < 1)
        {
            throw new ArgumentException($"{name}: versions are numbered from 1.");
        }

        foreach (var cap in rules.CallCaps)
        {
            if (cap.Calls < 1 || cap.PerDays < 1)
            {
                throw new ArgumentException($"{name}: a call cap needs at least 1 call and 1 day.");
            }
        }

        // A jurisdiction can only narrow the federal hours; wider hours would still be blocked by federal law.
        if (rules.ConvenientHours is { } hours && (hours.Start < FederalStart || hours.End > FederalEnd || hours.Start >= hours.End))
        {
            throw new ArgumentException($"{name}: convenient hours must lie within 08:00–21:00 and start before they end.");
        }
    }

    private static CompiledJurisdiction[] CompileVersions(string jurisdiction, IEnumerable<JurisdictionRules> group)
    {
        var ordered = group.OrderByDescending(version => version.Version).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new ArgumentException($"{jurisdiction}: version {ordered[i].Version} appears twice.");
            }

            if (ordered[i].EffectiveFrom >= ordered[i - 1].EffectiveFrom)
            {
                throw new ArgumentException($"{jurisdiction}: version {ordered[i - 1].Version} must take effect after version {ordered[i].Version}.");
            }
        }

        return [.. ordered.Select(Compile)];
    }

    private static CompiledJurisdiction Compile(JurisdictionRules rules)
    {
        var hours = rules.ConvenientHours;
        var start = hours?.Start ?? FederalStart;
        var end = hours?.End ?? FederalEnd;
        return new CompiledJurisdiction(
            rules,
            rules.EffectiveFrom.UtcTicks,
            start.Ticks,
            end.Ticks,
            hours is null ? FederalHoursCitation : $"{FederalHoursCitation}; {hours.Citation}",
            string.Create(
                CultureInfo.InvariantCulture,
                $"Outside {start:HH:mm}–{end:HH:mm} local time in at least one of the consumer's time zones."),
            [.. rules.CallCaps.Select(cap => new CompiledCap(cap.Calls, cap.PerDays, LineMask(cap.NumberTypes), cap.Citation, cap.Description))]);
    }

    private static int LineMask(IReadOnlyList<PhoneNumberType> types)
    {
        if (types.Count == 0)
        {
            return PhoneLines.Every;
        }

        var mask = PhoneLines.Unknown;
        foreach (var type in types)
        {
            mask |= PhoneLines.MaskOf(type);
        }

        return mask;
    }

    private sealed record JurisdictionRuleFile(IReadOnlyList<JurisdictionRules> Jurisdictions);
}

/// <summary>A version of jurisdiction rules in the shape the engine reads: ticks, masks and arrays.</summary>
internal sealed record CompiledJurisdiction(
    JurisdictionRules Rules,
    long EffectiveFromUtcTicks,
    long HoursStart,
    long HoursEnd,
    string HoursCitation,
    string HoursMessage,
    CompiledCap[] Caps);

/// <summary>A call cap with its kinds of number as a <see cref="PhoneLines"/> mask.</summary>
internal sealed record CompiledCap(int Calls, int PerDays, int LineMask, string Citation, string Description);
