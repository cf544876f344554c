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

    [Theory]
    [InlineData(Given.NewYork)]
    [InlineData("Europe/London")]
    [InlineData("America/Santiago")] // transitions at local midnight
    public void Local_time_agrees_with_the_system_every_quarter_hour_for_a_decade_and_a_tick_either_side_of_each_change(string zone)
    {
        var clock = ZoneClock.For(zone);
        var system = TimeZoneInfo.FindSystemTimeZoneById(zone);
        long SystemLocal(long utc) => utc + system.GetUtcOffset(new DateTime(utc, DateTimeKind.Utc)).Ticks;
        var step = TimeSpan.FromMinutes(15).Ticks;
        var end = new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        for (var utc = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks; utc < end; utc += step)
        {
            Assert.Equal(SystemLocal(utc), clock.ToLocal(utc));
            if (SystemLocal(utc + step) - SystemLocal(utc) != step)
            {
                // The offset changes within this quarter hour: find the change and check a tick either side of it.
                var low = utc;
                var high = utc + step;
                while (high - low > 1)
                {
                    var middle = low + (high - low) / 2;
                    if (SystemLocal(middle) - middle == SystemLocal(utc) - utc)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                Assert.Equal(SystemLocal(low), clock.ToLocal(low));
                Assert.Equal(SystemLocal(high), clock.ToLocal(high));
            }
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
