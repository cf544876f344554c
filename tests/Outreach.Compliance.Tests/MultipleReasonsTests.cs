namespace Collections.Outreach.Compliance.Tests;

public class MultipleReasonsTests
{
    [Fact]
    public void Every_blocking_rule_is_reported_and_a_lasting_one_leaves_no_earliest_instant()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            Holds = AccountHolds.AttorneyRepresentation | AccountHolds.Dispute,
            OptedOutNumbers = [Given.Mobile.Number],
            History = new ContactHistory(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7)),
        };

        var decision = Given.Decide(ContactRequest.Call(Given.Mobile, Given.Local(Given.NewYork, 2026, 6, 7, 22), autodialed: true), context);

        Assert.Equal(
            [
                BlockReasonCodes.AttorneyRepresented,
                BlockReasonCodes.DisputeHold,
                BlockReasonCodes.InconvenientTime,
                BlockReasonCodes.NumberOptOut,
                BlockReasonCodes.SevenCallsInSevenDays,
                BlockReasonCodes.TcpaNoConsent,
            ],
            decision.Reasons.Select(reason => reason.Code).Order());
        Assert.All(decision.Reasons, reason => Assert.False(string.IsNullOrWhiteSpace(reason.Message)));
        Assert.All(decision.Reasons, reason => Assert.False(string.IsNullOrWhiteSpace(reason.Citation)));
        Assert.Null(decision.EarliestAllowedAt);
    }

    [Fact]
    public void With_only_temporary_blocks_the_earliest_instant_is_when_all_have_lifted_together()
    {
        // Massachusetts, seven calls in seven days, one a conversation on June 3, late at night. The Regulation F
        // limits lift on June 8 and June 10, but the state cap's second most recent call (June 6) leaves its 7-day
        // period only at midnight starting June 13; hours then move the call to 08:00.
        var history = Given.UnansweredCallsInJune(1, 2, 4, 5, 6, 7)
            .Append(Given.Call(Given.Local(Given.NewYork, 2026, 6, 3, 10), ContactOutcome.RightPartyContact))
            .ToArray();
        var context = new ContactContext { Jurisdiction = "MA", TimeZones = [Given.NewYork], History = new ContactHistory(history) };

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 22)), context);

        Assert.Equal(
            [
                BlockReasonCodes.InconvenientTime,
                BlockReasonCodes.SevenDaysAfterConversation,
                BlockReasonCodes.SevenCallsInSevenDays,
                BlockReasonCodes.StateCallCap,
            ],
            decision.Reasons.Select(reason => reason.Code).Order());
        Assert.All(decision.Reasons, reason => Assert.True(reason.IsTemporary));
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 13, 8), decision.EarliestAllowedAt);
    }

    [Fact]
    public void The_earliest_instant_is_itself_allowed()
    {
        var history = Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6, 7);
        var context = new ContactContext
        {
            Jurisdiction = "MA",
            TimeZones = [Given.NewYork, Given.LosAngeles],
            InconvenientTimes = [new InconvenientTime(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0))],
            History = new ContactHistory(history),
        };
        var request = ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 22));

        var decision = Given.Decide(request, context);

        Assert.NotNull(decision.EarliestAllowedAt);
        var retry = Given.Decide(ContactRequest.Call(Given.Landline, decision.EarliestAllowedAt.Value), context);
        Assert.True(retry.IsAllowed);
        Assert.False(Given.Decide(ContactRequest.Call(Given.Landline, decision.EarliestAllowedAt.Value.AddTicks(-1)), context).IsAllowed);
    }

    [Fact]
    public void An_allowed_decision_is_the_shared_allowed_answer()
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 10, 12)), Given.NewYorker());

        Assert.Same(ContactDecision.Allowed, decision);
        Assert.Empty(decision.Reasons);
        Assert.Null(decision.EarliestAllowedAt);
    }
}
