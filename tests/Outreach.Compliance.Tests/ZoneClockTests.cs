namespace Collections.Outreach.Compliance.Tests;

public class ZoneClockTests
{
    [Theory]
    [InlineData(Given.NewYork)]
    [InlineData(Given.LosAngeles)]
    [InlineData(Given.Honolulu)]
    [InlineData("Europe/London")]
    [InlineData("Australia/Lord_Howe")] // a half-hour DST shift
    [InlineData("Asia/Kathmandu")] // a +05:45 offset
    public void Local_time_agrees_with_the_system_time_zone_data(string zone)
    {
        var clock = ZoneClock.For(zone);
        var system = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var random = new Random(20260610);
        var from = new DateTime(1975, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var to = new DateTime(2090, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        for (var i = 0; i < 20_000; i++)
        {
            var utc = random.NextInt64(from, to);
            var expected = utc + system.GetUtcOffset(new DateTime(utc, DateTimeKind.Utc)).Ticks;
            Assert.Equal(expected, clock.ToLocal(utc));
        }
    }

    [Fact]
    public void A_local_time_skipped_by_spring_forward_is_first_reached_at_the_jump()
    {
        var clock = ZoneClock.For(Given.NewYork);
        var twoThirty = new DateTime(2026, 3, 8, 2, 30, 0).Ticks;

        var reached = clock.FirstInstantReaching(twoThirty, long.MinValue);

        Assert.Equal(Given.Utc("2026-03-08T07:00:00Z").UtcTicks, reached);
    }

    [Fact]
    public void A_local_time_repeated_by_fall_back_is_first_reached_at_its_first_occurrence()
    {
        var clock = ZoneClock.For(Given.NewYork);
        var oneThirty = new DateTime(2026, 11, 1, 1, 30, 0).Ticks;

        Assert.Equal(Given.Utc("2026-11-01T05:30:00Z").UtcTicks, clock.FirstInstantReaching(oneThirty, long.MinValue));
        Assert.Equal(
            Given.Utc("2026-11-01T06:30:00Z").UtcTicks,
            clock.FirstInstantReaching(oneThirty, Given.Utc("2026-11-01T06:00:00Z").UtcTicks));
    }

    [Fact]
    public void An_unknown_zone_id_is_refused()
    {
        Assert.Throws<TimeZoneNotFoundException>(() => ZoneClock.For("Mars/Olympus_Mons"));
    }
}
