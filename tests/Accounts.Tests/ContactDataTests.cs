using Collections.Accounts.Domain;

namespace Collections.Accounts.Tests;

public sealed class ContactDataTests
{
    [Theory]
    [InlineData("+16175550123", "+16175550123")]
    [InlineData("(617) 555-0123", "+16175550123")]
    [InlineData("617.555.0123", "+16175550123")]
    [InlineData("1 617 555 0123", "+16175550123")]
    [InlineData("+44 20 7123 4567", "+442071234567")]
    public void Phone_numbers_are_normalized_to_E164(string input, string e164) =>
        Assert.Equal(e164, ContactFormats.ToE164(input));

    [Theory]
    [InlineData("617555012")]
    [InlineData("0175550123")]
    [InlineData("+1 117 555 0123")]
    [InlineData("+1 617 155 0123")]
    [InlineData("617-555-012x")]
    [InlineData("++16175550123")]
    [InlineData("+0123456789")]
    [InlineData("")]
    public void What_is_not_a_phone_number_has_no_E164_form(string input) =>
        Assert.Null(ContactFormats.ToE164(input));

    [Theory]
    [InlineData("FL", "32501", "America/Chicago")]
    [InlineData("FL", "33101", "America/New_York")]
    [InlineData("TN", "37902", "America/New_York")]
    [InlineData("TN", "37201", "America/Chicago")]
    [InlineData("TX", "79901-1234", "America/Denver")]
    [InlineData("TX", "75201", "America/Chicago")]
    [InlineData("KY", "42001", "America/Chicago")]
    [InlineData("IN", "46201", "America/Indiana/Indianapolis")]
    [InlineData("CA", "90210", "America/Los_Angeles")]
    [InlineData("MA", "02139", "America/New_York")]
    [InlineData("AZ", "85001", "America/Phoenix")]
    [InlineData("HI", "96813", "Pacific/Honolulu")]
    [InlineData("MA", "32501", "America/New_York")]
    public void An_address_gets_its_states_zone_or_its_ZIP_prefixs_where_the_state_spans_two(string state, string zip, string zone) =>
        Assert.Equal(zone, TimeZones.OfAddress(state, zip));

    [Fact]
    public void An_address_in_an_unknown_state_has_no_zone() => Assert.Null(TimeZones.OfAddress("ZZ", "12345"));

    [Theory]
    [InlineData("+16175550123", "America/New_York")]
    [InlineData("+13125550123", "America/Chicago")]
    [InlineData("+19155550123", "America/Denver")]
    [InlineData("+18655550123", "America/New_York")]
    [InlineData("+14155550123", "America/Los_Angeles")]
    [InlineData("+18085550123", "Pacific/Honolulu")]
    [InlineData("+14165550123", "America/Toronto")]
    public void A_North_American_number_gets_its_area_codes_zone(string number, string zone) =>
        Assert.Equal(zone, TimeZones.OfPhone(number));

    [Theory]
    [InlineData("+442071234567")]
    [InlineData("+12115550123")]
    public void A_number_abroad_or_with_an_unknown_area_code_has_no_zone(string number) => Assert.Null(TimeZones.OfPhone(number));

    [Fact]
    public void An_overridden_zone_wins_over_the_derived_one()
    {
        var address = ConsumerAddress.Create("1 Main St", null, "Pensacola", "FL", "32501", "US", "America/New_York");

        Assert.Equal(("America/New_York", true), (address.TimeZone, address.TimeZoneOverridden));
    }

    [Fact]
    public void A_consumers_time_zones_are_those_of_addresses_and_phones_distinct_and_sorted()
    {
        var consumer = Consumer.Register(Guid.NewGuid(), new StatedConsumer("Ann", "Lee", null, null, new ContactData(
            [ConsumerAddress.Create("1 Main St", null, "Boston", "MA", "02139", "US", null)],
            [ConsumerPhone.Create("+13125550123", PhoneTypes.Mobile, true, null), ConsumerPhone.Create("+16175550123", PhoneTypes.Landline, false, null)],
            [],
            "es")), DateTimeOffset.UtcNow);

        Assert.Equal(["America/Chicago", "America/New_York"], consumer.TimeZones);
        Assert.Equal(["tel:+13125550123", "tel:+16175550123"], consumer.ContactKeys);
    }

    [Fact]
    public void Changing_contact_data_to_the_same_records_nothing()
    {
        var consumer = Consumer.Register(Guid.NewGuid(), new StatedConsumer("Ann", "Lee", null, null), DateTimeOffset.UtcNow);
        var context = new ChangeContext("staff:test", DateTimeOffset.UtcNow, "test");
        var data = new ContactData([], [ConsumerPhone.Create("+16175550123", PhoneTypes.Mobile, true, null)], [new ConsumerEmail("Ann@Example.com", true, null)], "en");

        Assert.NotNull(consumer.ChangeContact(data, context));
        Assert.Null(consumer.ChangeContact(data with { Phones = [.. data.Phones], Emails = [.. data.Emails] }, context));
        Assert.Contains("email:ann@example.com", consumer.ContactKeys);
    }

    [Fact]
    public void A_later_placement_adds_only_numbers_emails_and_addresses_not_yet_known()
    {
        var consumer = Consumer.Register(Guid.NewGuid(), new StatedConsumer("Ann", "Lee", null, null, new ContactData(
            [], [ConsumerPhone.Create("+16175550123", PhoneTypes.Mobile, true, null)], [new ConsumerEmail("ann@example.com", true, null)], "en")), DateTimeOffset.UtcNow);
        var stated = new ContactData(
            [], [ConsumerPhone.Create("+16175550123", PhoneTypes.Landline, false, null), ConsumerPhone.Create("+13125550123", PhoneTypes.Work, false, null)],
            [new ConsumerEmail("ANN@example.com", false, null)], "es");

        consumer.AddStatedContact(stated, new ChangeContext("client:test", DateTimeOffset.UtcNow, "placement:X"));

        Assert.Equal([(PhoneTypes.Mobile, true), (PhoneTypes.Work, false)], consumer.Phones.Select(p => (p.Type, p.AutodialerConsent)));
        Assert.Single(consumer.Emails);
        Assert.Equal("en", consumer.Language);
    }
}
