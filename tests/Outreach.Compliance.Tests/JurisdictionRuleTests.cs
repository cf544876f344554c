namespace Collections.Outreach.Compliance.Tests;

public class JurisdictionRuleTests
{
    private static readonly DateTimeOffset June4At10am = Given.Local(Given.NewYork, 2026, 6, 4, 10);

    private static ContactContext Consumer(string jurisdiction, params ContactAttempt[] history) => new()
    {
        Jurisdiction = jurisdiction,
        TimeZones = [Given.NewYork],
        TcpaConsents = [new TcpaConsent(Given.Mobile.Number, Given.Utc("2026-01-01T00:00:00Z"))],
        History = new ContactHistory(history),
    };

    private static ContactAttempt CallOnJune(int day, PhoneNumber phone, ContactOutcome outcome = ContactOutcome.NoAnswer) =>
        Given.Call(Given.Local(Given.NewYork, 2026, 6, day, 10), outcome, phone);

    [Fact]
    public void Massachusetts_allows_two_calls_in_seven_days_to_the_residence_from_the_rule_table()
    {
        var context = Consumer("MA", CallOnJune(1, Given.Landline), CallOnJune(3, Given.Landline));

        var decision = Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), context);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(BlockReasonCodes.StateCallCap, reason.Code);
        Assert.Equal("940 CMR 7.04(1)(f)", reason.Citation);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 0), reason.LiftsAt);
        Assert.Equal(Given.Local(Given.NewYork, 2026, 6, 8, 8), decision.EarliestAllowedAt);
    }

    [Fact]
    public void Massachusetts_allows_the_second_call()
    {
        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), Consumer("MA", CallOnJune(1, Given.Landline))).IsAllowed);
    }

    [Fact]
    public void Jurisdiction_codes_are_matched_whatever_their_letter_case()
    {
        var context = Consumer("ma", CallOnJune(1, Given.Landline), CallOnJune(3, Given.Landline));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), context).IsBlockedBy(BlockReasonCodes.StateCallCap));
    }

    [Fact]
    public void In_Massachusetts_calls_to_the_mobile_and_the_landline_share_the_personal_cap()
    {
        var context = Consumer("MA", CallOnJune(1, Given.Landline), CallOnJune(3, Given.Mobile));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), context).IsBlockedBy(BlockReasonCodes.StateCallCap));
        Assert.True(Given.Decide(ContactRequest.Call(Given.Mobile, June4At10am), context).IsBlockedBy(BlockReasonCodes.StateCallCap));
    }

    [Fact]
    public void In_Massachusetts_other_numbers_have_a_cap_of_their_own()
    {
        var twoHomeCalls = Consumer("MA", CallOnJune(1, Given.Landline), CallOnJune(3, Given.Landline));
        var twoWorkCalls = Consumer("MA", CallOnJune(1, Given.WorkPhone), CallOnJune(3, Given.WorkPhone));

        Assert.True(Given.Decide(ContactRequest.Call(Given.WorkPhone, June4At10am), twoHomeCalls).IsAllowed);
        Assert.True(Given.Decide(ContactRequest.Call(Given.WorkPhone, June4At10am), twoWorkCalls).IsBlockedBy(BlockReasonCodes.StateCallCap));
        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), twoWorkCalls).IsAllowed);
    }

    [Fact]
    public void Massachusetts_does_not_count_calls_that_never_connected()
    {
        var context = Consumer("MA", CallOnJune(1, Given.Landline), CallOnJune(3, Given.Landline, ContactOutcome.NotConnected));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), context).IsAllowed);
    }

    [Fact]
    public void The_same_history_is_fine_where_only_federal_rules_apply()
    {
        var context = Consumer("NY", CallOnJune(1, Given.Landline), CallOnJune(3, Given.Landline));

        Assert.True(Given.Decide(ContactRequest.Call(Given.Landline, June4At10am), context).IsAllowed);
    }

    [Fact]
    public void The_call_cap_does_not_limit_texts()
    {
        var context = Consumer("MA", CallOnJune(1, Given.Mobile), CallOnJune(3, Given.Mobile));

        Assert.True(Given.Decide(ContactRequest.Sms(Given.Mobile, June4At10am), context).IsAllowed);
    }

    [Fact]
    public void The_standard_table_has_Massachusetts_caps_and_a_federal_only_default()
    {
        var massachusetts = JurisdictionRuleTable.Standard.RulesFor("MA", June4At10am);
        var texas = JurisdictionRuleTable.Standard.RulesFor("TX", June4At10am);

        Assert.Equal([(2, 7), (2, 7)], massachusetts.CallCaps.Select(cap => (cap.Calls, cap.PerDays)));
        Assert.Equal(JurisdictionRuleTable.Default, texas.Jurisdiction);
        Assert.Empty(texas.CallCaps);
        Assert.Null(texas.ConvenientHours);
    }

    [Fact]
    public void The_version_in_effect_at_the_contact_instant_applies()
    {
        var table = new JurisdictionRuleTable(
        [
            Version("ZZ", 1, "2026-01-01T00:00:00Z", calls: 3),
            Version("ZZ", 2, "2026-06-05T00:00:00Z", calls: 1),
        ]);
        var policy = new ContactPolicy(table);
        var context = Consumer("ZZ", CallOnJune(1, Given.Landline));

        var beforeChange = policy.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 3, 10)), context);
        var afterChange = policy.Decide(ContactRequest.Call(Given.Landline, Given.Local(Given.NewYork, 2026, 6, 6, 10)), context);

        Assert.True(beforeChange.IsAllowed);
        Assert.True(afterChange.IsBlockedBy(BlockReasonCodes.StateCallCap));
        Assert.Equal(2, table.RulesFor("ZZ", Given.Utc("2026-06-05T00:00:00Z")).Version);
        Assert.Equal(1, table.RulesFor("ZZ", Given.Utc("2026-06-04T23:59:59Z")).Version);
    }

    [Fact]
    public void A_jurisdiction_without_a_version_in_effect_gets_the_default_entry()
    {
        var table = new JurisdictionRuleTable(
        [
            Version(JurisdictionRuleTable.Default, 1, "2020-01-01T00:00:00Z", calls: 1),
            Version("ZZ", 1, "2027-01-01T00:00:00Z", calls: 5),
        ]);

        Assert.Equal(JurisdictionRuleTable.Default, table.RulesFor("TX", June4At10am).Jurisdiction);
        Assert.Equal(JurisdictionRuleTable.Default, table.RulesFor("ZZ", June4At10am).Jurisdiction);
        Assert.Equal("ZZ", table.RulesFor("ZZ", Given.Utc("2027-01-01T00:00:00Z")).Jurisdiction);
    }

    [Fact]
    public void Without_any_entry_a_jurisdiction_gets_federal_rules_only()
    {
        var table = new JurisdictionRuleTable([]);

        var rules = table.RulesFor("TX", June4At10am);

        Assert.Empty(rules.CallCaps);
        Assert.Null(rules.ConvenientHours);
    }

    [Fact]
    public void A_table_reads_from_json_with_caps_and_hours()
    {
        var table = JurisdictionRuleTable.FromJson("""
            {
              "jurisdictions": [
                {
                  "jurisdiction": "ZZ",
                  "version": 1,
                  "effectiveFrom": "2026-01-01T00:00:00Z",
                  "citation": "ZZ Code 9",
                  "convenientHours": { "start": "09:00:00", "end": "20:00:00", "citation": "ZZ Code 9(a)" },
                  "callCaps": [ { "calls": 3, "perDays": 7, "numberTypes": [ "Work" ], "citation": "ZZ Code 9(b)", "description": "Three a week at work." } ]
                }
              ]
            }
            """);

        var rules = table.RulesFor("ZZ", June4At10am);

        Assert.Equal(new ConvenientHours(new TimeOnly(9, 0), new TimeOnly(20, 0), "ZZ Code 9(a)"), rules.ConvenientHours);
        var cap = Assert.Single(rules.CallCaps);
        Assert.Equal([PhoneNumberType.Work], cap.NumberTypes);
    }

    [Fact]
    public void A_table_rejects_hours_wider_than_federal_law()
    {
        var wider = Version("ZZ", 1, "2026-01-01T00:00:00Z", calls: 3) with
        {
            ConvenientHours = new ConvenientHours(new TimeOnly(7, 0), new TimeOnly(21, 0), "ZZ"),
        };

        Assert.Throws<ArgumentException>(() => new JurisdictionRuleTable([wider]));
    }

    [Fact]
    public void A_table_rejects_versions_out_of_order_or_repeated()
    {
        Assert.Throws<ArgumentException>(() => new JurisdictionRuleTable(
            [Version("ZZ", 1, "2026-06-01T00:00:00Z", calls: 3), Version("ZZ", 2, "2026-01-01T00:00:00Z", calls: 2)]));
        Assert.Throws<ArgumentException>(() => new JurisdictionRuleTable(
            [Version("ZZ", 1, "2026-01-01T00:00:00Z", calls: 3), Version("ZZ", 1, "2026-06-01T00:00:00Z", calls: 2)]));
    }

    [Fact]
    public void A_table_rejects_a_cap_of_no_calls()
    {
        Assert.Throws<ArgumentException>(() => new JurisdictionRuleTable([Version("ZZ", 1, "2026-01-01T00:00:00Z", calls: 0)]));
    }

    private static JurisdictionRules Version(string jurisdiction, int version, string effectiveFrom, int calls) => new()
    {
        Jurisdiction = jurisdiction,
        Version = version,
        EffectiveFrom = Given.Utc(effectiveFrom),
        CallCaps = [new CallCap { Calls = calls, PerDays = 7, Citation = $"{jurisdiction} rule", Description = $"{calls} calls a week." }],
    };
}
