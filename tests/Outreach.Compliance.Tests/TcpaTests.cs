namespace Collections.Outreach.Compliance.Tests;

public class TcpaTests
{
    private static readonly DateTimeOffset Noon = Given.Local(Given.NewYork, 2026, 6, 10, 12);
    private static readonly DateTimeOffset January = Given.Utc("2026-01-01T00:00:00Z");

    private static ContactContext WithConsents(params TcpaConsent[] consents) => new()
    {
        Jurisdiction = "NY",
        TimeZones = [Given.NewYork],
        TcpaConsents = consents,
    };

    [Fact]
    public void An_autodialed_call_to_a_mobile_without_consent_is_blocked()
    {
        var decision = Given.Decide(ContactRequest.Call(Given.Mobile, Noon, autodialed: true), WithConsents());

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(BlockReasonCodes.TcpaNoConsent, reason.Code);
        Assert.Equal("47 U.S.C. 227(b)(1)(A)(iii)", reason.Citation);
        Assert.Null(decision.EarliestAllowedAt);
    }

    [Fact]
    public void A_prerecorded_voicemail_to_a_mobile_without_consent_is_blocked()
    {
        Assert.True(Given.Decide(ContactRequest.Voicemail(Given.Mobile, Noon, prerecorded: true), WithConsents()).IsBlockedBy(BlockReasonCodes.TcpaNoConsent));
    }

    [Fact]
    public void A_text_to_a_mobile_without_consent_is_blocked()
    {
        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, Noon), WithConsents()).IsBlockedBy(BlockReasonCodes.TcpaNoConsent));
    }

    [Fact]
    public void Automated_contact_to_a_mobile_with_consent_in_force_is_allowed()
    {
        var context = WithConsents(new TcpaConsent(Given.Mobile.Number, January));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Mobile, Noon, autodialed: true, prerecorded: true), context).IsAllowed);
        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, Noon), context).IsAllowed);
    }

    [Fact]
    public void Revoked_consent_blocks_from_the_instant_it_was_revoked()
    {
        var context = WithConsents(new TcpaConsent(Given.Mobile.Number, January, RevokedAt: Noon.AddHours(-1)));

        var decision = Given.Decide(ContactRequest.Call(Given.Mobile, Noon, autodialed: true), context);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(BlockReasonCodes.TcpaNoConsent, reason.Code);
        Assert.Contains("revoked", reason.Message);
        Assert.True(Given.Decide(ContactRequest.Call(Given.Mobile, Noon.AddHours(-2), autodialed: true), context).IsAllowed);
    }

    [Fact]
    public void Consent_given_again_after_a_revocation_is_in_force()
    {
        var context = WithConsents(
            new TcpaConsent(Given.Mobile.Number, January, RevokedAt: January.AddDays(30)),
            new TcpaConsent(Given.Mobile.Number, January.AddDays(60)));

        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, Noon), context).IsAllowed);
    }

    [Fact]
    public void Consent_for_another_number_or_given_after_the_contact_does_not_count()
    {
        var otherNumber = WithConsents(new TcpaConsent("+16175550199", January));
        var givenLater = WithConsents(new TcpaConsent(Given.Mobile.Number, Noon.AddMinutes(1)));

        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, Noon), otherNumber).IsBlockedBy(BlockReasonCodes.TcpaNoConsent));
        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, Noon), givenLater).IsBlockedBy(BlockReasonCodes.TcpaNoConsent));
    }

    [Fact]
    public void A_manually_dialed_live_call_to_a_mobile_needs_no_tcpa_consent()
    {
        Assert.True(Given.Decide(ContactRequest.Call(Given.Mobile, Noon), WithConsents()).IsAllowed);
    }

    [Fact]
    public void An_autodialed_call_to_a_landline_needs_no_tcpa_consent()
    {
        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, Noon, autodialed: true), WithConsents()).IsAllowed);
    }
}
