namespace Collections.Outreach.Compliance.Tests;

public class HoldTests
{
    private static readonly DateTimeOffset Noon = Given.Local(Given.NewYork, 2026, 6, 10, 12);

    public static TheoryData<AccountHolds, string> EachHold => new()
    {
        { AccountHolds.Dispute, BlockReasonCodes.DisputeHold },
        { AccountHolds.CeaseCommunication, BlockReasonCodes.CeaseCommunication },
        { AccountHolds.AttorneyRepresentation, BlockReasonCodes.AttorneyRepresented },
        { AccountHolds.Bankruptcy, BlockReasonCodes.Bankruptcy },
        { AccountHolds.Deceased, BlockReasonCodes.Deceased },
        { AccountHolds.Recalled, BlockReasonCodes.Recalled },
    };

    [Theory]
    [MemberData(nameof(EachHold))]
    public void A_hold_blocks_every_channel_until_it_is_released(AccountHolds hold, string code)
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork], Holds = hold };
        ContactRequest[] requests =
        [
            ContactRequest.Call(Given.Landline, Noon),
            ContactRequest.Voicemail(Given.Landline, Noon),
            ContactRequest.Email(Given.EmailAddress, Noon),
            ContactRequest.Letter(Noon),
        ];

        foreach (var request in requests)
        {
            var decision = Given.Decide(request, context);

            var reason = Assert.Single(decision.Reasons);
            Assert.Equal(code, reason.Code);
            Assert.False(reason.IsTemporary);
            Assert.Null(decision.EarliestAllowedAt);
        }
    }

    [Fact]
    public void Every_hold_on_the_account_is_reported()
    {
        var everyHold = AccountHolds.Dispute | AccountHolds.CeaseCommunication | AccountHolds.AttorneyRepresentation
            | AccountHolds.Bankruptcy | AccountHolds.Deceased | AccountHolds.Recalled;
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork], Holds = everyHold };

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, Noon), context);

        Assert.Equal(EachHold.Select(row => row.Data.Item2).Order(), decision.Reasons.Select(reason => reason.Code).Order());
    }

    [Theory]
    [InlineData(ContactPurpose.ConfirmEndOfEfforts)]
    [InlineData(ContactPurpose.NotifyOfRemedy)]
    public void After_a_cease_request_a_letter_or_email_may_confirm_efforts_end_or_notify_of_a_remedy(ContactPurpose purpose)
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork], Holds = AccountHolds.CeaseCommunication };

        Assert.True(Given.Decide(ContactRequest.Letter(Noon, purpose), context).IsAllowed);
        Assert.True(Given.Decide(ContactRequest.Email(Given.EmailAddress, Noon, purpose), context).IsAllowed);
        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Noon, purpose: purpose), context).IsBlockedBy(BlockReasonCodes.CeaseCommunication));
    }

    [Fact]
    public void The_cease_exceptions_do_not_lift_other_holds()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            Holds = AccountHolds.CeaseCommunication | AccountHolds.AttorneyRepresentation,
        };

        var decision = Given.Decide(ContactRequest.Letter(Noon, ContactPurpose.ConfirmEndOfEfforts), context);

        Assert.Equal(BlockReasonCodes.AttorneyRepresented, Assert.Single(decision.Reasons).Code);
    }
}
