namespace Collections.Outreach.Compliance;

/// <summary>
/// What the collector knows about the account and the consumer when deciding on a contact: holds, where the consumer
/// may be, what they asked for, what they consented to, which jurisdiction's rules apply and the contact history of
/// the debt. Build one per account snapshot and reuse it for many decisions; treat the collections given as
/// immutable, because the context resolves them once on first use.
/// </summary>
public sealed class ContactContext
{
    private ResolvedContext? resolved;

    /// <summary>The state, district or territory code whose rules apply to the account, e.g. <c>MA</c>.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>Holds on the account.</summary>
    public AccountHolds Holds { get; init; }

    /// <summary>
    /// Every IANA time zone the consumer may be in: the postal address's zone first, then the zones of their phone
    /// numbers' area codes. A time is convenient only if it is convenient in all of them. An id the system does not
    /// know makes <see cref="ContactPolicy.Decide"/> throw <see cref="TimeZoneNotFoundException"/>.
    /// </summary>
    public IReadOnlyList<string> TimeZones { get; init; } = [];

    /// <summary>Weekly local times the consumer said are inconvenient.</summary>
    public IReadOnlyList<InconvenientTime> InconvenientTimes { get; init; } = [];

    /// <summary>Whether the collector knows the consumer's employer prohibits calls at work.</summary>
    public bool EmployerProhibitsCalls { get; init; }

    /// <summary>Media the consumer forbade.</summary>
    public ContactMedia OptedOutMedia { get; init; }

    /// <summary>Phone numbers the consumer asked not to be contacted at, in E.164 form.</summary>
    public IReadOnlyCollection<string> OptedOutNumbers { get; init; } = [];

    /// <summary>Email addresses the consumer asked not to be contacted at.</summary>
    public IReadOnlyCollection<string> OptedOutEmailAddresses { get; init; } = [];

    /// <summary>TCPA consents for the consumer's mobile numbers, revoked ones included.</summary>
    public IReadOnlyList<TcpaConsent> TcpaConsents { get; init; } = [];

    /// <summary>
    /// When the consumer last gave the collector consent to call, directly; calls within 7 days after it are exempt
    /// from the Regulation F call frequency limits (12 CFR 1006.14(b)(3)(i)).
    /// </summary>
    public DateTimeOffset? DirectConsentAt { get; init; }

    /// <summary>The contact history of this debt.</summary>
    public ContactHistory History { get; init; } = ContactHistory.Empty;

    // Resolved on first use rather than per decision: zone lookups and list copies are paid once per snapshot.
    // A race only builds the same value twice.
    internal ResolvedContext Resolved => resolved ??= new ResolvedContext(this);
}

/// <summary>A context's inputs in the shape the rules read: resolved zone clocks, weekly windows in ticks, arrays.</summary>
internal sealed class ResolvedContext
{
    public ResolvedContext(ContactContext context)
    {
        Clocks = [.. context.TimeZones.Select(ZoneClock.For)];
        InconvenientTimes = [.. context.InconvenientTimes.Select(WeeklyWindow.From)];
        OptedOutNumbers = [.. context.OptedOutNumbers];
        OptedOutEmailAddresses = [.. context.OptedOutEmailAddresses];
        TcpaConsents = [.. context.TcpaConsents];
        DirectConsentTicks = context.DirectConsentAt?.UtcTicks ?? long.MinValue;
    }

    public ZoneClock[] Clocks { get; }

    public WeeklyWindow[] InconvenientTimes { get; }

    public string[] OptedOutNumbers { get; }

    public string[] OptedOutEmailAddresses { get; }

    public TcpaConsent[] TcpaConsents { get; }

    public long DirectConsentTicks { get; }
}

/// <summary>An inconvenient time as an offset into the local week (Sunday 00:00 = 0) and a length, in ticks.</summary>
internal readonly record struct WeeklyWindow(long StartInWeek, long Length)
{
    public const long TicksPerWeek = 7 * TimeSpan.TicksPerDay;

    public static WeeklyWindow From(InconvenientTime time)
    {
        var length = time.End.Ticks - time.Start.Ticks;
        if (length <= 0)
        {
            length += TimeSpan.TicksPerDay;
        }

        return new((int)time.Day * TimeSpan.TicksPerDay + time.Start.Ticks, length);
    }

    /// <summary>How far into this window <paramref name="localTicks"/> is, or -1 when outside it.</summary>
    public long Elapsed(long localTicks)
    {
        var elapsed = (LocalTime.TicksIntoWeek(localTicks) - StartInWeek) % TicksPerWeek;
        if (elapsed < 0)
        {
            elapsed += TicksPerWeek;
        }

        return elapsed < Length ? elapsed : -1;
    }
}
