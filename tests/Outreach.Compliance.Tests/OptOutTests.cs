namespace Collections.Outreach.Compliance.Tests;

public class OptOutTests
{
    private static readonly DateTimeOffset Noon = Given.Local(Given.NewYork, 2026, 6, 10, 12);
    private static readonly TcpaConsent MobileConsent = new(Given.Mobile.Number, Given.Utc("2026-01-01T00:00:00Z"));

    [Fact]
    public void Opting_out_of_calls_blocks_calls_and_voicemails_but_not_texts()
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            OptedOutMedia = ContactMedia.Calls,
            TcpaConsents = [MobileConsent],
        };

        Assert.Equal(BlockReasonCodes.MediumOptOut, Assert.Single(Given.Decide(ContactRequest.Call(Given.Landline, Noon), context).Reasons).Code);
        Assert.True(Given.Decide(ContactRequest.Voicemail(Given.Landline, Noon), context).IsBlockedBy(BlockReasonCodes.MediumOptOut));
        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, Noon), context).IsAllowed);
    }

    [Theory]
    [InlineData(ContactMedia.Sms, ContactChannel.Sms)]
    [InlineData(ContactMedia.Email, ContactChannel.Email)]
    [InlineData(ContactMedia.Letters, ContactChannel.Letter)]
    public void Opting_out_of_a_medium_blocks_it_until_the_consumer_opts_back_in(ContactMedia medium, ContactChannel channel)
    {
        var context = new ContactContext
        {
            Jurisdiction = "NY",
            TimeZones = [Given.NewYork],
            OptedOutMedia = medium,
            TcpaConsents = [MobileConsent],
        };
        var request = channel switch
        {
            ContactChannel.Sms => ContactRequest.Sms(Given.Mobile, Noon),
            ContactChannel.Email => ContactRequest.Email(Given.EmailAddress, Noon),
            _ => ContactRequest.Letter(Noon),
        };

        var decision = Given.Decide(request, context);

        Assert.Equal(BlockReasonCodes.MediumOptOut, Assert.Single(decision.Reasons).Code);
        Assert.Null(decision.EarliestAllowedAt);
    }

    [Fact]
    public void Opting_out_of_one_number_blocks_that_number_only()
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork], OptedOutNumbers = [Given.Landline.Number] };

        Assert.Equal(BlockReasonCodes.NumberOptOut, Assert.Single(Given.Decide(ContactRequest.Call(Given.Landline, Noon), context).Reasons).Code);
        Assert.True(Given.Decide(ContactRequest.Call(Given.Mobile, Noon), context).IsAllowed);
    }

    [Fact]
    public void Opting_out_of_an_email_address_blocks_it_whatever_its_letter_case()
    {
        var context = new ContactContext { Jurisdiction = "NY", TimeZones = [Given.NewYork], OptedOutEmailAddresses = ["Consumer@Example.com"] };

        Assert.Equal(BlockReasonCodes.AddressOptOut, Assert.Single(Given.Decide(ContactRequest.Email(Given.EmailAddress, Noon), context).Reasons).Code);
        Assert.True(Given.Decide(ContactRequest.Email("other@example.com", Noon), context).IsAllowed);
    }
}
