namespace Collections.Outreach.Compliance.Tests;

public class CallFrequencyTests
{
    private static readonly DateTimeOffset June7At3pm = Given.Local(Given.NewYork, 2026, 6, 7, 15);

    [Fact]
    public void The_seventh_call_within_seven_days_is_allowed()
    {
        var context = Given.NewYorker(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 10)), context).IsAllowed);
    }

    [Fact]
    public void The_eighth_call_within_seven_days_is_blocked_until_the_oldest_call_leaves_the_period()
    {
        var context = Given.NewYorker(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7));

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), context);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(BlockReasonCodes.SevenCallsInSevenDays, reason.Code);
        Assert.Equal("12 CFR 1006.14(b)(2)(i)", reason.Citation);
        // The June 1 call leaves the period at local midnight starting June 8; hours then hold the call until 08:00.
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 0), reason.LiftsAt);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 8), decision.EarliestAllowedAt);
    }

    [Fact]
    public void A_call_is_allowed_again_once_the_oldest_of_seven_calls_has_aged_out()
    {
        var context = Given.NewYorker(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 8, 8)), context).IsAllowed);
    }

    [Fact]
    public void Seven_calls_on_one_day_block_calls_through_the_seventh_day()
    {
        var sameDay = Enumerable.Range(9, 7).Select(hour => Given.Call(Given.Local(Given.NewYork, 2026, 6, 1, hour))).ToArray();
        var context = Given.NewYorker(sameDay);

        var lastEvening = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 20, 59)), context);

        Assert.True(lastEvening.IsBlockedBy(BlockReasonCodes.SevenCallsInSevenDays));
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 8), lastEvening.EarliestAllowedAt);
    }

    [Fact]
    public void Calls_that_never_connected_do_not_count()
    {
        var history = Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6)
            .Append(Given.Call(Given.Local(Given.NewYork, 2026, 6, 7, 10), ContactOutcome.NotConnected))
            .ToArray();

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), Given.NewYorker(history)).IsAllowed);
    }

    [Fact]
    public void Voicemail_calls_count_toward_the_seven()
    {
        var history = Enumerable.Range(1, 7)
            .Select(day => new ContactAttempt(ContactChannel.Voicemail, Given.Local(Given.NewYork, 2026, 6, day, 10), ContactOutcome.Voicemail, Given.Landline))
            .ToArray();

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), Given.NewYorker(history)).IsBlockedBy(BlockReasonCodes.SevenCallsInSevenDays));
    }

    [Fact]
    public void Calls_to_different_numbers_of_the_same_debt_count_together()
    {
        var history = Enumerable.Range(1, 7)
            .Select(day => Given.Call(Given.Local(Given.NewYork, 2026, 6, day, 10), phone: day % 2 == 0 ? Given.Mobile : Given.Landline))
            .ToArray();

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), Given.NewYorker(history)).IsBlockedBy(BlockReasonCodes.SevenCallsInSevenDays));
    }

    [Fact]
    public void Texts_do_not_count_toward_the_seven()
    {
        var texts = Enumerable.Range(1, 7)
            .Select(day => new ContactAttempt(ContactChannel.Sms, Given.Local(Given.NewYork, 2026, 6, day, 10), ContactOutcome.NoAnswer, Given.Mobile))
            .ToArray();

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), Given.NewYorker(texts)).IsAllowed);
    }

    [Fact]
    public void Texts_and_emails_are_not_limited_by_call_frequency()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            TcpaConsents = [new TcpaConsent(Given.Mobile.Number, Given.Utc("2026-01-01T00:00:00Z"))],
            History = new ContactHistory(
                Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7).Append(Given.Call(Given.Local(Given.NewYork, 2026, 6, 7, 11), ContactOutcome.RightPartyContact))),
        };

        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, June7At3pm), context).IsAllowed);
        Assert.True(Given.Decide(ContactRequest.Email(Given.EmailAddress, June7At3pm), context).IsAllowed);
    }

    [Fact]
    public void Consent_given_directly_within_the_past_seven_days_exempts_the_call()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            DirectConsentAt = Given.Local(Given.NewYork, 2026, 6, 6, 12),
            History = new ContactHistory(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7)),
        };

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), context).IsAllowed);
    }

    [Fact]
    public void Consent_given_more_than_seven_days_ago_no_longer_exempts_the_call()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            DirectConsentAt = Given.Local(Given.NewYork, 2026, 5, 20, 12),
            History = new ContactHistory(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7)),
        };

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), context).IsBlockedBy(BlockReasonCodes.SevenCallsInSevenDays));
    }

    [Fact]
    public void Consent_recorded_after_the_call_instant_does_not_exempt_it()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            DirectConsentAt = June7At3pm.AddHours(1),
            History = new ContactHistory(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7)),
        };

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), context).IsBlockedBy(BlockReasonCodes.SevenCallsInSevenDays));
    }

    [Fact]
    public void Calls_placed_under_consent_do_not_count_once_the_consent_has_expired()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            DirectConsentAt = Given.Local(Given.NewYork, 2026, 5, 31, 9),
            History = new ContactHistory(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6)),
        };

        // The consent expired at 09:00 on June 7; the six calls it covered stay exempt.
        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June7At3pm), context).IsAllowed);
    }

    [Fact]
    public void Calls_recorded_after_the_request_instant_are_not_counted()
    {
        var context = Given.NewYorker(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 5, 31, 12)), context).IsAllowed);
    }

    [Fact]
    public void A_call_on_the_seventh_day_after_a_conversation_is_blocked_and_the_eighth_day_is_allowed()
    {
        var context = Given.NewYorker(Given.Call(Given.Local(Given.NewYork, 2026, 6, 1, 10), ContactOutcome.RightPartyContact));

        var daySeven = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 20, 59)), context);
        var dayEight = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 8, 8)), context);

        var reason = Assert.Single(daySeven.Reasons);
        Assert.Equal(BlockReasonCodes.SevenDaysAfterConversation, reason.Code);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 0), reason.LiftsAt);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 8), daySeven.EarliestAllowedAt);
        Assert.True(dayEight.IsAllowed);
    }

    [Fact]
    public void The_day_of_the_conversation_is_day_one_even_late_in_the_evening()
    {
        var context = Given.NewYorker(Given.Call(Given.Local(Given.NewYork, 2026, 6, 1, 20, 50), ContactOutcome.PromiseToPay));

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 9)), context);

        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 8), decision.EarliestAllowedAt);
    }

    [Theory]
    [InlineData(ContactOutcome.RightPartyContact, true)]
    [InlineData(ContactOutcome.PromiseToPay, true)]
    [InlineData(ContactOutcome.Refused, true)]
    [InlineData(ContactOutcome.DisputeRaised, true)]
    [InlineData(ContactOutcome.CallbackRequested, true)]
    [InlineData(ContactOutcome.Voicemail, false)]
    [InlineData(ContactOutcome.WrongParty, false)]
    [InlineData(ContactOutcome.NoAnswer, false)]
    [InlineData(ContactOutcome.NotConnected, false)]
    public void Only_a_conversation_with_the_consumer_starts_the_seven_day_pause(ContactOutcome outcome, bool pauses)
    {
        var context = Given.NewYorker(Given.Call(Given.Local(Given.NewYork, 2026, 6, 1, 10), outcome));

        var nextDay = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 2, 10)), context);

        Assert.Equal(pauses, nextDay.IsBlockedBy(BlockReasonCodes.SevenDaysAfterConversation));
    }

    [Fact]
    public void Consent_given_directly_exempts_a_call_within_the_pause_after_a_conversation()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            DirectConsentAt = Given.Local(Given.NewYork, 2026, 6, 1, 10, 5),
            History = new ContactHistory([Given.Call(Given.Local(Given.NewYork, 2026, 6, 1, 10), ContactOutcome.CallbackRequested)]),
        };

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 2, 10)), context).IsAllowed);
    }

    [Fact]
    public void Days_are_counted_conservatively_across_the_consumer_zones()
    {
        // The conversation is on June 2 in New York (01:30) but still June 1 in Los Angeles (22:30): the pause ends
        // only when it has ended in both, at midnight starting June 9 in New York.
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork, Given.LosAngeles],
            History = new ContactHistory([Given.Call(Given.Utc("2026-06-02T05:30:00Z"), ContactOutcome.RightPartyContact)]),
        };

        // June 8, 12:00 in New York (day 7 there), 09:00 in Los Angeles (day 8 there).
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Utc("2026-06-08T16:00:00Z")), context);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(Given.Utc("2026-06-09T04:00:00Z"), reason.LiftsAt);
        Assert.Equal(Given.Utc("2026-06-09T15:00:00Z"), decision.EarliestAllowedAt); // 08:00 in Los Angeles
    }

    [Fact]
    public void Across_the_spring_forward_day_the_period_ends_at_local_midnight_at_the_new_offset()
    {
        var history = Enumerable.Range(2, 7).Select(day => Given.Call(Given.Local(Given.NewYork, 2026, 3, day, 10))).ToArray();

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 3, 8, 15)), Given.NewYorker(history));

        Assert.Equal(Given.Utc("2026-03-09T04:00:00Z"), Assert.Single(decision.Reasons).LiftsAt); // 00:00 EDT
        Assert.Equal(Given.Utc("2026-03-09T12:00:00Z"), decision.EarliestAllowedAt); // 08:00 EDT
    }

    [Fact]
    public void Across_the_fall_back_day_the_period_ends_at_local_midnight_at_the_new_offset()
    {
        var history = new[] { 26, 27, 28, 29, 30, 31 }
            .Select(day => Given.Call(Given.Local(Given.NewYork, 2026, 10, day, 10)))
            .Append(Given.Call(Given.Local(Given.NewYork, 2026, 11, 1, 10)))
            .ToArray();

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 11, 1, 15)), Given.NewYorker(history));

        Assert.Equal(Given.Utc("2026-11-02T05:00:00Z"), Assert.Single(decision.Reasons).LiftsAt); // 00:00 EST
        Assert.Equal(Given.Utc("2026-11-02T13:00:00Z"), decision.EarliestAllowedAt); // 08:00 EST
    }
}
