using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

/// <summary>Consumer contact data: stated on placement, read, updated with history, searched, always within the caller's reach.</summary>
public sealed class ConsumersApiTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private const string ConsumersPath = "/api/v1/accounts/consumers";

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientA = Guid.NewGuid();
    private readonly Guid clientB = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_placement_states_addresses_phones_emails_and_language_with_their_time_zones()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-1", consumer: Ann()));

        var consumer = await Staff().GetFromJsonAsync<ConsumerResponse>($"{ConsumersPath}/{account.ConsumerId}", Cancel);

        Assert.Equal("es", consumer!.Language);
        var address = Assert.Single(consumer.Addresses);
        Assert.Equal(("America/Chicago", false), (address.TimeZone, address.TimeZoneOverridden));
        Assert.Equal(
            [("+16175550123", "mobile", true, "America/New_York"), ("+13125550199", "landline", false, "America/Chicago")],
            consumer.Phones.Select(p => (p.Number, p.Type, p.AutodialerConsent, p.TimeZone)));
        Assert.Equal(["America/Chicago", "America/New_York"], consumer.TimeZones);
        Assert.Equal("Ann.Lee@Example.com", Assert.Single(consumer.Emails).Address);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("email")]
    [InlineData("clientReference")]
    public async Task A_search_for_a_value_with_a_nul_character_is_a_400_problem_not_a_500(string parameter)
    {
        var response = await Staff().GetAsync($"{ConsumersPath}?{parameter}=nul%00byte", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_placed_account_is_segmented_from_its_consumers_contact_data()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-SEG", consumer: Ann()));

        // 500 − 10 × 0.10675 + 80 (consented mobile) + 40 (phone) + 30 (consented email) = 648.93…
        Assert.Equal(("early-low-never-paid-contactable", 649), (account.Segment, account.Score));
    }

    [Fact]
    public async Task The_placement_is_the_first_entry_of_the_contact_history()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-2", consumer: Ann()));

        var history = await Staff().GetFromJsonAsync<List<ContactChangeItem>>($"{ConsumersPath}/{account.ConsumerId}/contact-history", Cancel);

        var entry = Assert.Single(history!);
        Assert.Equal("placement:CONTACT-2", entry.Why);
        Assert.StartsWith("client:", entry.Who);
        Assert.Empty(entry.Before.Phones);
        Assert.Equal(2, entry.After.Phones.Count);
    }

    [Theory]
    [InlineData("phones", """[{"number":"555-01","type":"mobile"}]""", "Consumer.Phones[0].Number")]
    [InlineData("phones", """[{"number":"6175550123","type":"cell"}]""", "Consumer.Phones[0].Type")]
    [InlineData("phones", """[{"number":"6175550123","type":"mobile"},{"number":"+16175550123","type":"work"}]""", "Consumer.Phones[1].Number")]
    [InlineData("phones", """[{"number":"6175550123","type":"mobile","autodialerConsent":true,"consentGivenAt":"2999-01-01T00:00:00Z"}]""", "Consumer.Phones[0].ConsentGivenAt")]
    [InlineData("phones", """[null]""", "Consumer.Phones[0]")]
    [InlineData("emails", """[{"address":"not-an-email"}]""", "Consumer.Emails[0].Address")]
    [InlineData("addresses", """[{"line1":"1 Main St","city":"Boston","state":"ZZ","postalCode":"02139"}]""", "Consumer.Addresses[0].State")]
    [InlineData("addresses", """[{"line1":"1 Main St","city":"Boston","state":"MA","postalCode":"ABCDE"}]""", "Consumer.Addresses[0].PostalCode")]
    [InlineData("addresses", """[{"city":"Boston","state":"MA","postalCode":"02139"}]""", "Consumer.Addresses[0].Line1")]
    [InlineData("addresses", """[{"line1":"1 Main St","city":"Boston","state":"MA","postalCode":"02139","timeZone":"Mars/Olympus"}]""", "Consumer.Addresses[0].TimeZone")]
    [InlineData("addresses", """[{"line1":"1 Main St","city":"Boston","state":"MA","postalCode":"02139","country":"usa"}]""", "Consumer.Addresses[0].Country")]
    [InlineData("language", "\"english language\"", "Consumer.Language")]
    public async Task Malformed_contact_data_on_a_placement_is_a_400_problem_naming_the_field(string field, string json, string error)
    {
        var consumer = JsonSerializer.Deserialize<JsonElement>($$"""{"firstName":"Ann","lastName":"Lee","{{field}}":{{json}}}""");

        var response = await PlaceAsync(Key(clientA), Placement("CONTACT-BAD", consumer: consumer));

        await AssertProblemNames(response, error);
    }

    [Fact]
    public async Task An_update_replaces_the_lists_given_keeps_the_others_and_records_who_when_and_why()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-3", consumer: Ann()));
        var agent = Staff();

        var response = await agent.PutAsJsonAsync(
            $"{ConsumersPath}/{account.ConsumerId}/contact",
            new { phones = new[] { new { number = "+1 (415) 555-0100", type = "work" } }, reason = "Consumer called with a new number" },
            Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<ConsumerResponse>(Cancel))!;
        Assert.Equal(("+14155550100", "America/Los_Angeles"), (Assert.Single(updated.Phones).Number, updated.Phones[0].TimeZone));
        Assert.Single(updated.Emails);
        Assert.Equal("es", updated.Language);
        var history = await agent.GetFromJsonAsync<List<ContactChangeItem>>($"{ConsumersPath}/{account.ConsumerId}/contact-history", Cancel);
        var change = history![^1];
        Assert.Equal("contact-data: Consumer called with a new number", change.Why);
        Assert.StartsWith("staff:", change.Who);
        Assert.Equal(2, change.Before.Phones.Count);
        Assert.Single(change.After.Phones);
    }

    [Fact]
    public async Task Removing_the_consented_mobile_re_segments_the_consumers_accounts()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-4", consumer: Ann()));

        (await Staff().PutAsJsonAsync(
            $"{ConsumersPath}/{account.ConsumerId}/contact",
            new { phones = Array.Empty<object>(), reason = "Numbers disconnected" },
            Cancel)).EnsureSuccessStatusCode();

        var read = await Key(clientA).GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel);
        Assert.Equal("early-low-never-paid-no-phone", read!.Segment);
    }

    [Theory]
    [InlineData("{}", "Reason")]
    [InlineData("""{"reason":"x","emails":[{"address":"a@b"}]}""", "Emails[0].Address")]
    [InlineData("""{"reason":"x","phones":[{"number":"123","type":"mobile"}]}""", "Phones[0].Number")]
    public async Task A_malformed_update_is_a_400_problem(string body, string field)
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-5"));

        var response = await Staff().PutAsync(
            $"{ConsumersPath}/{account.ConsumerId}/contact", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        await AssertProblemNames(response, field);
    }

    [Fact]
    public async Task A_client_reads_and_updates_only_the_consumers_of_its_own_accounts()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-6", consumer: Ann()));

        var read = await Key(clientB).GetAsync($"{ConsumersPath}/{account.ConsumerId}", Cancel);
        var update = await Key(clientB).PutAsJsonAsync($"{ConsumersPath}/{account.ConsumerId}/contact", new { language = "en", reason = "x" }, Cancel);
        var history = await Key(clientB).GetAsync($"{ConsumersPath}/{account.ConsumerId}/contact-history", Cancel);
        var own = await Key(clientA).GetAsync($"{ConsumersPath}/{account.ConsumerId}", Cancel);

        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK),
            (read.StatusCode, update.StatusCode, history.StatusCode, own.StatusCode));
    }

    [Fact]
    public async Task A_consumer_reads_only_themself()
    {
        var ann = await PlacedAsync(Key(clientA), Placement("CONTACT-7", consumer: Ann()));
        var bob = await PlacedAsync(Key(clientA), Placement("CONTACT-8", consumer: new { firstName = "Bob", lastName = "Ray" }));
        var portal = service.ClientFor(TestCallers.Consumer(tenantId, ann.ConsumerId));

        var own = await portal.GetAsync($"{ConsumersPath}/{ann.ConsumerId}", Cancel);
        var other = await portal.GetAsync($"{ConsumersPath}/{bob.ConsumerId}", Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (own.StatusCode, other.StatusCode));
    }

    [Fact]
    public async Task Another_tenants_consumer_is_not_found()
    {
        var account = await PlacedAsync(Key(clientA), Placement("CONTACT-9", consumer: Ann()));
        var otherTenant = service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin));

        var read = await otherTenant.GetAsync($"{ConsumersPath}/{account.ConsumerId}", Cancel);
        var update = await otherTenant.PutAsJsonAsync($"{ConsumersPath}/{account.ConsumerId}/contact", new { language = "en", reason = "x" }, Cancel);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, update.StatusCode));
    }

    [Theory]
    [InlineData("name=sea")]
    [InlineData("name=SEAFIELD")]
    [InlineData("name=Zoe%20Sea")]
    [InlineData("phone=%28857%29%20555-0142")]
    [InlineData("phone=%2B18575550142")]
    [InlineData("email=ZOE.SEAFIELD%40EXAMPLE.ORG")]
    [InlineData("clientReference=SEARCH-1")]
    public async Task Consumers_are_found_by_name_prefix_phone_email_or_reference(string query)
    {
        var account = await PlacedAsync(Key(clientA), Placement("SEARCH-1", consumer: Zoe()));

        var found = await Staff().GetFromJsonAsync<List<ConsumerResponse>>($"{ConsumersPath}?{query}", Cancel);

        Assert.Equal(account.ConsumerId, Assert.Single(found!).Id);
    }

    [Fact]
    public async Task A_client_finds_only_the_consumers_of_its_own_accounts()
    {
        await PlacedAsync(Key(clientA), Placement("SEARCH-2", consumer: Zoe()));

        var byName = await Key(clientB).GetFromJsonAsync<List<ConsumerResponse>>($"{ConsumersPath}?name=seafield", Cancel);
        var byPhone = await Key(clientB).GetFromJsonAsync<List<ConsumerResponse>>($"{ConsumersPath}?phone=8575550142", Cancel);
        var own = await Key(clientA).GetFromJsonAsync<List<ConsumerResponse>>($"{ConsumersPath}?phone=8575550142", Cancel);

        Assert.Empty(byName!);
        Assert.Empty(byPhone!);
        Assert.Single(own!);
    }

    [Theory]
    [InlineData("", "query")]
    [InlineData("name=a&phone=6175550123", "query")]
    [InlineData("phone=12", "phone")]
    [InlineData("name=ann&limit=0", "limit")]
    [InlineData("name=one%20two%20three", "name")]
    public async Task A_malformed_search_is_a_400_problem(string query, string field)
    {
        var response = await Staff().GetAsync($"{ConsumersPath}?{query}", Cancel);

        await AssertProblemNames(response, field);
    }

    private static object Ann() => new
    {
        firstName = "Ann",
        lastName = "Lee",
        language = "ES",
        addresses = new[] { new { line1 = "1 Gulf Breeze Pkwy", city = "Pensacola", state = "FL", postalCode = "32501" } },
        phones = new object[]
        {
            new { number = "(617) 555-0123", type = "mobile", autodialerConsent = true, consentGivenAt = "2026-01-05T10:00:00Z" },
            new { number = "312-555-0199", type = "landline" },
        },
        emails = new[] { new { address = "Ann.Lee@Example.com", consent = true } },
    };

    private static object Zoe() => new
    {
        firstName = "Zoe",
        lastName = "Seafield",
        phones = new[] { new { number = "+18575550142", type = "mobile" } },
        emails = new[] { new { address = "zoe.seafield@example.org" } },
    };

    private static async Task AssertProblemNames(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    private HttpClient Key(Guid clientId) => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Staff() => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
}
