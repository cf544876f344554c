namespace Collections.Outreach.Tests;

/// <summary>
/// The real clock moved by an offset a test controls: timers still run in real time, so the outbox, the inbox
/// and the promise sweeper keep working, while "now" can be set to a convenient hour or days ahead.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    /// <summary>Starts at the next 11:00 New York time, when every US east-coast number may be called.</summary>
    public TestClock()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var local = TimeZoneInfo.ConvertTime(System.GetUtcNow(), newYork);
        var target = local.Date.AddHours(11);
        if (target <= local.DateTime)
        {
            target = target.AddDays(1);
        }

        var targetInstant = new DateTimeOffset(target, newYork.GetUtcOffset(target));
        offsetTicks = (targetInstant - System.GetUtcNow()).Ticks;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
