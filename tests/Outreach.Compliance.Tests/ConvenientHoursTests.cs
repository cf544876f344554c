namespace Collections.Outreach.Compliance.Tests;

public class ConvenientHoursTests
{
    [Theory]
    [InlineData(Given.NewYork, "2026-06-10T11:59:59Z", false)] // 07:59:59 EDT
    [InlineData(Given.NewYork, "2026-06-10T12:00:00Z", true)] // 08:00 EDT
    [InlineData(Given.NewYork, "2026-06-11T00:59:59Z", true)] // 20:59:59 EDT
    [InlineData(Given.NewYork, "2026-06-11T01:00:00Z", false)] // 21:00 EDT
    [InlineData(Given.NewYork, "2026-01-14T12:59:59Z", false)] // 07:59:59 EST
    [InlineData(Given.NewYork, "2026-01-14T13:00:00Z", true)] // 08:00 EST
    [InlineData(Given.NewYork, "2026-01-15T01:59:59Z", true)] // 20:59:59 EST
    [InlineData(Given.NewYork, "2026-01-15T02:00:00Z", false)] // 21:00 EST
    [InlineData(Given.Chicago, "2026-06-10T12:59:59Z", false)] // 07:59:59 CDT
    [InlineData(Given.Chicago, "2026-06-10T13:00:00Z", true)] // 08:00 CDT
    [InlineData(Given.LosAngeles, "2026-06-10T14:59:59Z", false)] // 07:59:59 PDT
    [InlineData(Given.LosAngeles, "2026-06-10T15:00:00Z", true)] // 08:00 PDT
    [InlineData(Given.LosAngeles, "2026-06-11T03:59:59Z", true)] // 20:59:59 PDT
    [InlineData(Given.LosAngeles, "2026-06-11T04:00:00Z", false)] // 21:00 PDT
    [InlineData(Given.Phoenix, "2026-06-10T14:59:59Z", false)] // 07:59:59 MST, no DST
    [InlineData(Given.Phoenix, "2026-06-10T15:00:00Z", true)] // 08:00 MST
    [InlineData(Given.Honolulu, "2026-06-10T17:59:59Z", false)] // 07:59:59 HST
    [InlineData(Given.Honolulu, "2026-06-10T18:00:00Z", true)] // 08:00 HST
    [InlineData(Given.Honolulu, "2026-06-11T06:59:59Z", true)] // 20:59:59 HST
    [InlineData(Given.Honolulu, "2026-06-11T07:00:00Z", false)] // 21:00 HST
    public void Contact_is_allowed_from_0800_until_just_before_2100_local_time(string zone, string instant, bool allowed)
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [zone] };

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc(instant)), context);

        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(!allowed, decision.IsBlockedBy(BlockReasonCodes.InconvenientTime));
    }

    [Fact]
    public void Before_0800_the_earliest_allowed_instant_is_0800_the_same_day()
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 10, 6, 15)), Given.NewYorker());

        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 10, 8), decision.EarliestAllowedAt);
        Assert.Equal(decision.EarliestAllowedAt, Assert.Single(decision.Reasons).LiftsAt);
    }

    [Fact]
    public void From_2100_the_earliest_allowed_instant_is_0800_the_next_day()
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 10, 21)), Given.NewYorker());

        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 11, 8), decision.EarliestAllowedAt);
    }

    [Fact]
    public void A_time_convenient_in_one_of_two_zones_is_blocked_until_convenient_in_both()
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork, Given.LosAngeles] };

        // 09:00 in New York, 06:00 in Los Angeles.
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc("2026-06-10T13:00:00Z")), context);

        Assert.True(decision.IsBlockedBy(BlockReasonCodes.InconvenientTime));
        Assert.Equal(Given.Utc("2026-06-10T15:00:00Z"), decision.EarliestAllowedAt); // 08:00 in Los Angeles
    }

    [Fact]
    public void In_the_evening_with_two_zones_the_earliest_instant_waits_for_the_later_zone_morning()
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork, Given.LosAngeles] };

        // 21:30 in New York, 18:30 in Los Angeles: 08:00 in New York next day is still 05:00 in Los Angeles.
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc("2026-06-11T01:30:00Z")), context);

        Assert.Equal(Given.Utc("2026-06-11T15:00:00Z"), decision.EarliestAllowedAt);
    }

    [Theory]
    [InlineData("2026-03-08T11:59:59Z", false, "2026-03-08T12:00:00Z")] // 07:59:59 EDT, an hour after the clocks sprang forward
    [InlineData("2026-03-08T12:00:00Z", true, null)] // 08:00 EDT (07:00 at the winter offset)
    [InlineData("2026-03-08T07:30:00Z", false, "2026-03-08T12:00:00Z")] // 03:30 EDT, just after the jump
    [InlineData("2026-03-08T02:30:00Z", false, "2026-03-08T12:00:00Z")] // 21:30 EST the evening before, across the jump
    [InlineData("2026-03-09T00:59:59Z", true, null)] // 20:59:59 EDT
    [InlineData("2026-03-09T01:00:00Z", false, "2026-03-09T12:00:00Z")] // 21:00 EDT
    public void On_the_spring_forward_day_in_New_York_hours_follow_the_new_offset(string instant, bool allowed, string? earliest)
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc(instant)), Given.NewYorker());

        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(earliest is null ? null : Given.Utc(earliest), decision.EarliestAllowedAt);
    }

    [Theory]
    [InlineData("2026-11-01T12:00:00Z", false, "2026-11-01T13:00:00Z")] // 07:00 EST (08:00 at the summer offset)
    [InlineData("2026-11-01T12:59:59Z", false, "2026-11-01T13:00:00Z")] // 07:59:59 EST
    [InlineData("2026-11-01T13:00:00Z", true, null)] // 08:00 EST
    [InlineData("2026-11-01T01:30:00Z", false, "2026-11-01T13:00:00Z")] // 21:30 EDT the evening before, across the fall-back
    [InlineData("2026-11-02T01:59:59Z", true, null)] // 20:59:59 EST
    [InlineData("2026-11-02T02:00:00Z", false, "2026-11-02T13:00:00Z")] // 21:00 EST
    public void On_the_fall_back_day_in_New_York_hours_follow_the_new_offset(string instant, bool allowed, string? earliest)
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc(instant)), Given.NewYorker());

        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(earliest is null ? null : Given.Utc(earliest), decision.EarliestAllowedAt);
    }

    [Fact]
    public void Letters_are_not_subject_to_hours_because_the_send_time_is_not_when_they_are_read()
    {
        var decision = Given.Decide(ContactRequest.Letter(Given.Local(Given.NewYork, 2026, 6, 10, 3)), Given.NewYorker());

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public void Emails_and_texts_are_subject_to_hours()
    {
        var at = Given.Local(Given.NewYork, 2026, 6, 10, 22);
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            TcpaConsents = [new TcpaConsent(Given.Mobile.Number, Given.Utc("2026-01-01T00:00:00Z"))],
        };

        Assert.True(Given.Decide(ContactRequest.Email(Given.EmailAddress, at), context).IsBlockedBy(BlockReasonCodes.InconvenientTime));
        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, at), context).IsBlockedBy(BlockReasonCodes.InconvenientTime));
    }

    [Fact]
    public void Without_a_known_time_zone_calls_are_blocked_until_one_is_known()
    {
        var context = new ContactContext { Jurisdiction = "NY" };

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc("2026-06-10T16:00:00Z")), context);

        Assert.Equal(BlockReasonCodes.UnknownTimeZone, Assert.Single(decision.Reasons).Code);
        Assert.Null(decision.EarliestAllowedAt);
    }

    [Fact]
    public void Without_a_known_time_zone_letters_are_still_allowed()
    {
        var context = new ContactContext { Jurisdiction = "NY" };

        Assert.True(Given.Decide(ContactRequest.Letter(Given.Utc("2026-06-10T16:00:00Z")), context).IsAllowed);
    }

    [Fact]
    public void A_jurisdiction_with_narrower_hours_blocks_outside_them_and_cites_both_rules()
    {
        var table = new JurisdictionRuleTable(
        [
            new JurisdictionRules
            {
                Jurisdiction = "ZZ",
                Version = 1,
                EffectiveFrom = Given.Utc("2020-01-01T00:00:00Z"),
                ConvenientHours = new ConvenientHours(new TimeOnly(9, 0), new TimeOnly(20, 0), "ZZ Code 1.2"),
            },
        ]);
        var context = new ContactContext { Jurisdiction = "ZZ", TimeZones = [Given.NewYork] };
        var policy = new ContactPolicy(table);

        var early = policy.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 10, 8, 30)), context);
        var late = policy.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 10, 20)), context);

        var reason = Assert.Single(early.Reasons);
        Assert.Equal(BlockReasonCodes.InconvenientTime, reason.Code);
        Assert.Contains("ZZ Code 1.2", reason.Citation);
        Assert.Contains("09:00–20:00", reason.Message);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 10, 9), early.EarliestAllowedAt);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 11, 9), late.EarliestAllowedAt);
        Assert.True(policy.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 10, 9)), context).IsAllowed);
    }
}
