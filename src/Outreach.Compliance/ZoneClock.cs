using System.Collections.Concurrent;

namespace Collections.Outreach.Compliance;

/// <summary>
/// A time zone's UTC offsets as a table of periods, so a decision converts instants with a binary search instead
/// of asking <see cref="TimeZoneInfo"/> (tens of nanoseconds per call) several times per decision. One clock per
/// IANA id per process, built on first use.
/// </summary>
internal sealed class ZoneClock
{
    // The table spans every instant a debt collection contact can plausibly have; outside it the edge periods'
    // offsets stand.
    private static readonly long TableStart = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long TableEnd = new DateTime(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    // No zone is further than 14 hours from UTC; 18 leaves room without making searches longer.
    private static readonly long LargestOffset = TimeSpan.FromHours(18).Ticks;

    // The table is cut into buckets of 2^47 ticks (about 163 days), each knowing the period it starts in, so a
    // lookup is an index and a step or two instead of a binary search over some 460 periods.
    private const int BucketShift = 47;

    private static readonly ConcurrentDictionary<string, ZoneClock> Clocks = new(StringComparer.Ordinal);

    // starts[i] is the first UTC tick of period i (starts[0] is long.MinValue); offsets[i] its UTC offset in ticks.
    private readonly long[] starts;
    private readonly long[] offsets;
    private readonly int[] periodAtBucketStart;

    private ZoneClock(TimeZoneInfo zone)
    {
        Id = zone.Id;
        var periodStarts = new List<long> { long.MinValue };
        var periodOffsets = new List<long> { OffsetOf(zone, TableStart) };

        // Probing daily finds every change unless a zone changes offset twice within one day, which no zone does.
        var previous = TableStart;
        var previousOffset = periodOffsets[0];
        for (var probe = TableStart + TimeSpan.TicksPerDay; probe <= TableEnd; probe += TimeSpan.TicksPerDay)
        {
            var offset = OffsetOf(zone, probe);
            if (offset != previousOffset)
            {
                var low = previous;
                var high = probe;
                while (high - low > 1)
                {
                    var middle = low + (high - low) / 2;
                    if (OffsetOf(zone, middle) == previousOffset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                periodStarts.Add(high);
                periodOffsets.Add(offset);
                previousOffset = offset;
            }

            previous = probe;
        }

        starts = [.. periodStarts];
        offsets = [.. periodOffsets];
        periodAtBucketStart = new int[((TableEnd - TableStart) >> BucketShift) + 1];
        for (var bucket = 0; bucket < periodAtBucketStart.Length; bucket++)
        {
            periodAtBucketStart[bucket] = SearchPeriod(TableStart + ((long)bucket << BucketShift));
        }
    }

    /// <summary>The zone's id as the system knows it.</summary>
    public string Id { get; }

    /// <summary>UTC, for counting days when no zone of the consumer is known.</summary>
    public static ZoneClock Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>The clock of the IANA zone <paramref name="ianaId"/>; throws <see cref="TimeZoneNotFoundException"/> for an unknown id.</summary>
    public static ZoneClock For(string ianaId) =>
        Clocks.GetOrAdd(ianaId, static id => new ZoneClock(TimeZoneInfo.FindSystemTimeZoneById(id)));

    /// <summary>The local wall-clock ticks at the UTC instant <paramref name="utcTicks"/>.</summary>
    public long ToLocal(long utcTicks) => utcTicks + offsets[PeriodOf(utcTicks)];

    /// <summary>
    /// The earliest UTC instant, not before <paramref name="notBefore"/>, at which local time has reached
    /// <paramref name="localTicks"/>. A local time skipped by a spring-forward resolves to the instant of the jump;
    /// one repeated by a fall-back resolves to its first occurrence.
    /// </summary>
    public long FirstInstantReaching(long localTicks, long notBefore)
    {
        // Local time runs ahead of UTC by at most LargestOffset, so no earlier instant can have reached it.
        var from = Math.Max(localTicks - LargestOffset, notBefore);
        for (var period = PeriodOf(from); ; period++)
        {
            var candidate = Math.Max(Math.Max(starts[period], localTicks - offsets[period]), from);
            var end = period + 1 < starts.Length ? starts[period + 1] : long.MaxValue;
            if (candidate < end)
            {
                return candidate;
            }
        }
    }

    private int PeriodOf(long utcTicks)
    {
        var sinceTableStart = utcTicks - TableStart;
        if (sinceTableStart < 0 || sinceTableStart > TableEnd - TableStart)
        {
            return SearchPeriod(utcTicks);
        }

        var period = periodAtBucketStart[sinceTableStart >> BucketShift];
        while (period + 1 < starts.Length && starts[period + 1] <= utcTicks)
        {
            period++;
        }

        return period;
    }

    private int SearchPeriod(long utcTicks)
    {
        var index = Array.BinarySearch(starts, utcTicks);
        return index >= 0 ? index : ~index - 1;
    }

    private static long OffsetOf(TimeZoneInfo zone, long utcTicks) =>
        zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;
}

/// <summary>Calendar arithmetic on local wall-clock ticks.</summary>
internal static class LocalTime
{
    public static long DayOf(long localTicks) => localTicks / TimeSpan.TicksPerDay;

    public static long StartOfDay(long day) => day * TimeSpan.TicksPerDay;

    public static long TimeOfDay(long localTicks) => localTicks % TimeSpan.TicksPerDay;

    /// <summary>Ticks since the local Sunday 00:00 (day 0 of the calendar, 0001-01-01, was a Monday).</summary>
    public static long TicksIntoWeek(long localTicks) =>
        (DayOf(localTicks) + 1) % 7 * TimeSpan.TicksPerDay + TimeOfDay(localTicks);
}
