namespace Collections.Outreach.Compliance.Tests;

public class WorkPhoneTests
{
    private static readonly DateTimeOffset Noon = Given.Local(Given.NewYork, 2026, 6, 10, 12);

    private static ContactContext Consumer(bool employerProhibits) => new()
    {
        Jurisdiction = "NY",
        TimeZones = [Given.NewYork],
        EmployerProhibitsCalls = employerProhibits,
    };

    [Fact]
    public void Calls_voicemails_and_texts_to_a_work_number_are_blocked_when_the_employer_prohibits_them()
    {
        var context = Consumer(employerProhibits: true);

        Assert.Equal(BlockReasonCodes.WorkPhone, Assert.Single(Given.Decide(ContactRequest.Call(Given.WorkPhone, Noon), context).Reasons).Code);
        Assert.True(Given.Decide(ContactRequest.Voicemail(Given.WorkPhone, Noon), context).IsBlockedBy(BlockReasonCodes.WorkPhone));
        Assert.True(Given.Decide(ContactRequest.Sms(Given.WorkPhone, Noon), context).IsBlockedBy(BlockReasonCodes.WorkPhone));
    }

    [Fact]
    public void A_work_number_may_be_called_when_the_employer_is_not_known_to_prohibit_it()
    {
        Assert.True(Given.Decide(ContactRequest.Call(Given.WorkPhone, Noon), Consumer(employerProhibits: false)).IsAllowed);
    }

    [Fact]
    public void The_employer_prohibition_does_not_block_personal_numbers()
    {
        Assert.True(Given.Decide(ContactRequest.Call(Given.Mobile, Noon), Consumer(employerProhibits: true)).IsAllowed);
        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Noon), Consumer(employerProhibits: true)).IsAllowed);
    }
}
