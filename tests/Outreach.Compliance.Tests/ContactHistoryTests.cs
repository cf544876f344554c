namespace Collections.Outreach.Compliance.Tests;

public class ContactHistoryTests
{
    [Fact]
    public void Attempts_are_kept_oldest_first_whatever_order_they_come_in()
    {
        var late = Given.Call(Given.Utc("2026-06-02T15:00:00Z"));
        var early = Given.Call(Given.Utc("2026-06-01T15:00:00Z"));

        var history = new ContactHistory([late, early]);

        Assert.Equal([early, late], history.Attempts);
    }

    [Fact]
    public void Appending_an_attempt_makes_it_count()
    {
        var context = Given.NewYorker(Given.UnansweredCallsInJune(1, 2, 3, 4, 5, 6));
        var seventh = Given.Call(Given.Local(Given.NewYork, 2026, 6, 7, 10));
        var afterwards = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            History = context.History.Append(seventh),
        };
        var request = ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 7, 15));

        Assert.True(Given.Decide(request, context).IsAllowed);
        Assert.True(Given.Decide(request, afterwards).IsBlockedBy(BlockReasonCodes.SevenCallsInSevenDays));
        Assert.Equal(6, context.History.Attempts.Count);
    }
}
