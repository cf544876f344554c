using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collections.Accounts.Apis;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

/// <summary>Placements of many accounts at once: CSV files and JSON arrays, progress, rejects, conflicts and idempotency.</summary>
public sealed class PlacementFileApiTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private const string Header = "client_reference,original_creditor,first_name,last_name,date_of_birth,postal_code,jurisdiction,currency,principal,interest,fees,delinquency_date,charge_off_date";

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Re_sending_a_file_places_nothing_twice_and_publishes_nothing_twice()
    {
        var csv = Csv(
            "R-1,Acme Bank,Ann,Lee,1980-02-03,02139,MA,USD,100.00,5.00,1.25,2023-01-05,2023-07-01",
            "R-2,Acme Bank,Ann,Lee,1980-02-03,02139-4307,MA,USD,20.00,0,0,,",
            "R-3,Acme Bank,Bo,Kim,,,NY,USD,75.10,0,0,,");

        var first = await PlacedAsync(ClientKey(), csv);
        var again = await PlacedAsync(ClientKey(), csv);

        Assert.Equal(("Completed", 3L, 3L, 0L), (first.Status, first.RowsRead, first.Accepted, first.Unchanged));
        Assert.Equal(("Completed", 3L, 0L, 3L, 0L, 0L), (again.Status, again.RowsRead, again.Accepted, again.Unchanged, again.Rejected, again.Conflicts));
        var db = TenantDb();
        Assert.Equal(3, await db.Accounts.CountAsync(Cancel));
        Assert.Equal(2, await db.Consumers.CountAsync(Cancel));
        Assert.Equal(3, (await PlacedEventsAsync()).Count);
    }

    [Fact]
    public async Task Each_accepted_account_queues_AccountPlaced_once_with_its_placement_and_dates()
    {
        var placement = await PlacedAsync(ClientKey(), Csv(
            "E-1,Acme Bank,Ann,Lee,,,MA,USD,100.00,5.00,1.25,2023-01-05,2023-07-01",
            "E-2,Acme Bank,Ann,Lee,,,MA,USD,100.00,5.00,1.25,,",
            "E-3,Acme Bank,Ann,Lee,,,XX,USD,100.00,5.00,1.25,,"));
        await PlacedAsync(ClientKey(), Csv("E-1,Acme Bank,Ann,Lee,,,MA,USD,100.00,5.00,1.25,2023-01-05,2023-07-01"));

        var events = await PlacedEventsAsync();
        var accounts = await TenantDb().Accounts.AsNoTracking().ToListAsync(Cancel);

        Assert.Equal(2, events.Count);
        Assert.Equal(accounts.Select(a => a.Id).Order(), events.Select(e => e.AccountId).Order());
        Assert.All(events, e => Assert.Equal(placement.Id, e.PlacementId));
        var dated = Assert.Single(events, e => e.ClientReference == "E-1");
        Assert.Equal((new DateOnly(2023, 1, 5), new DateOnly(2023, 7, 1), 106.25m, clientId), (dated.DelinquencyDate, dated.ChargeOffDate, dated.PlacedBalance, dated.ClientId));
        Assert.Null(Assert.Single(events, e => e.ClientReference == "E-2").ChargeOffDate);
    }

    [Fact]
    public async Task A_file_with_bad_rows_keeps_the_good_rows_and_returns_the_bad_ones_as_csv()
    {
        var placement = await PlacedAsync(ClientKey(), Csv(
            "G-1,Acme Bank,Ann,Lee,,,MA,USD,100.00,0,0,,",
            "B-1,Acme Bank,Ann,Lee,,,ZZ,USD,100.00,0,0,,",
            "B-2,Acme Bank,Ann,Lee,,,MA,USD,12x,0,0,,",
            "B-3,Acme Bank,,Lee,,,MA,USD,1.00,0,0,,",
            "B-4,Acme Bank,Ann,Lee,,,MA,USD,-5.00,0,0,,",
            "B-5,Acme Bank,Ann,Lee,,,MA,US,5.00,0,0,,",
            "B-6,Acme Bank,Ann,Lee,,,MA,USD,5.00,0,0,,01/02/2020",
            "G-1,Acme Bank,Ann,Lee,,,MA,USD,100.00,0,0,,",
            "B-7,Acme Bank,Ann,Lee",
            "G-2,\"Acme Bank, N.A.\",Ann,Lee,,,MA,USD,7.00,0,0,,"));

        var rejects = await ClientKey().GetAsync($"{PlacementsApi.Path}/{placement.Id}/rejects", Cancel);

        Assert.Equal((10L, 2L, 8L, 0L), (placement.RowsRead, placement.Accepted, placement.Rejected, placement.Conflicts));
        Assert.Equal("text/csv", rejects.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "row,client_reference,outcome,reason\r\n" +
            "2,B-1,rejected,\"jurisdiction: Must be a two-letter US state or territory code, e.g. \"\"MA\"\".\"\r\n" +
            "3,B-2,rejected,\"principal: Not an amount: digits with an optional decimal point, e.g. 1234.56.\"\r\n" +
            "4,B-3,rejected,\"first_name: Required, at most 100 characters.\"\r\n" +
            "5,B-4,rejected,\"principal: Must be at least 0 and below 1,000,000,000.\"\r\n" +
            "6,B-5,rejected,currency: The field Currency must match the regular expression '^[A-Z]{3}$'.\r\n" +
            "7,B-6,rejected,\"charge_off_date: A date not in the future, as yyyy-MM-dd.\"\r\n" +
            "8,G-1,rejected,ClientReference: 'G-1' is already on row 1 of this placement.\r\n" +
            "9,B-7,rejected,The row has 4 fields; the header has 13.\r\n",
            await rejects.Content.ReadAsStringAsync(Cancel));
        var stored = await TenantDb().Accounts.AsNoTracking().OrderBy(a => a.ClientReference).Select(a => new { a.ClientReference, a.OriginalCreditor }).ToListAsync(Cancel);
        Assert.Equal(["G-1", "G-2"], stored.Select(a => a.ClientReference));
        Assert.Equal("Acme Bank, N.A.", stored[1].OriginalCreditor);
    }

    [Fact]
    public async Task A_row_that_differs_from_the_placed_account_is_a_conflict_and_changes_nothing()
    {
        var existing = await AccountsServiceFactory.PlacedAsync(ClientKey(), Placement("C-1", principal: 100m));

        var placement = await PlacedAsync(ClientKey(), Csv("C-1,Acme Bank,Ann,Lee,,,MA,USD,250.00,5.00,1.25,,"));
        var rejects = await ClientKey().GetStringAsync($"{PlacementsApi.Path}/{placement.Id}/rejects", Cancel);

        Assert.Equal((1L, 0L, 0L, 1L), (placement.RowsRead, placement.Accepted, placement.Rejected, placement.Conflicts));
        Assert.Equal(
            $"row,client_reference,outcome,reason\r\n1,C-1,conflict,Account {existing.Id} was placed under client reference 'C-1' with different facts; it was not changed.\r\n",
            rejects);
        var stored = await ClientKey().GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{existing.Id}", Cancel);
        Assert.Equal(100m, stored!.Principal);
        Assert.Single(await PlacedEventsAsync());
    }

    [Fact]
    public async Task Staff_place_a_json_array_for_the_client_they_name()
    {
        var staff = service.ClientFor(TestCallers.Staff(tenantId, Roles.Supervisor));
        var response = await staff.PostAsJsonAsync(
            $"{PlacementsApi.Path}?clientId={clientId}",
            new object[] { Placement("J-1"), Placement("J-2", principal: -1m), Placement("J-3", clientId: Guid.NewGuid()) },
            Cancel);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
        var placement = (await response.Content.ReadFromJsonAsync<PlacementResponse>(Cancel))!;
        Assert.Equal($"{PlacementsApi.Path}/{placement.Id}", response.Headers.Location?.ToString());
        Assert.Equal((clientId, "json", 3L, 1L, 2L), (placement.ClientId, placement.Format, placement.RowsRead, placement.Accepted, placement.Rejected));
        var rejects = await staff.GetStringAsync($"{PlacementsApi.Path}/{placement.Id}/rejects", Cancel);
        Assert.Equal(
            "row,client_reference,outcome,reason\r\n" +
            "2,J-2,rejected,\"Principal: Must be at least 0 and below 1,000,000,000.\"\r\n" +
            "3,J-3,rejected,ClientId: Names another client than the placement's.\r\n",
            rejects);
        var account = Assert.Single(await TenantDb().Accounts.AsNoTracking().ToListAsync(Cancel));
        Assert.Equal((clientId, "J-1", placement.Id), (account.ClientId, account.ClientReference, account.PlacementId));
    }

    [Fact]
    public async Task A_file_and_single_placements_of_the_same_rows_give_the_same_accounts()
    {
        // Robert is Bob (same last name, date of birth and ZIP) and adds a number; the second Ann Lee cannot be told apart from the first, so she is someone else.
        object[] rows =
        [
            Placement("S-1", chargeOffDate: "2022-03-04", consumer: new
            {
                firstName = "Bob",
                lastName = "Stone",
                dateOfBirth = "1970-05-06",
                postalCode = "02139",
                addresses = new[] { new { line1 = "1 Main St", city = "Cambridge", state = "MA", postalCode = "02139" } },
                phones = new[] { new { number = "(617) 555-0123", type = "mobile", autodialerConsent = true } },
                emails = new[] { new { address = "bob@example.com", consent = true } },
                language = "es",
            }),
            Placement("S-2", principal: 20m, consumer: new
            {
                firstName = "Robert",
                lastName = "STONE",
                dateOfBirth = "1970-05-06",
                postalCode = "02139-4307",
                phones = new[] { new { number = "+13125550188", type = "landline" } },
            }),
            Placement("S-3", consumer: new { firstName = "Ann", lastName = "Lee" }),
            Placement("S-4", principal: 30m, consumer: new { firstName = "Ann", lastName = "Lee", dateOfBirth = "1981-01-01" }),
        ];
        var singleTenant = Guid.NewGuid();
        var single = service.ClientFor(TestCallers.Client(singleTenant, clientId));
        foreach (var row in rows)
        {
            await AccountsServiceFactory.PlacedAsync(single, row);
        }

        var response = await ClientKey().PostAsJsonAsync(PlacementsApi.Path, rows, Cancel);
        response.EnsureSuccessStatusCode();

        var one = await AccountsOfAsync(single);
        var bulk = await AccountsOfAsync(ClientKey());
        Assert.Equal(4, bulk.Count);
        Assert.Equal(one.Select(Comparable), bulk.Select(Comparable));
        Assert.Equal(one.Select(a => one.FindIndex(b => b.ConsumerId == a.ConsumerId)), bulk.Select(a => bulk.FindIndex(b => b.ConsumerId == a.ConsumerId)));
        Assert.Equal(bulk[0].ConsumerId, bulk[1].ConsumerId);
        Assert.All(bulk, a => Assert.NotNull(a.Segment));

        var singleDb = DbOf(singleTenant);
        var bulkDb = TenantDb();
        foreach (var (singleAccount, bulkAccount) in one.Zip(bulk))
        {
            var singleConsumer = await singleDb.Consumers.AsNoTracking().SingleAsync(c => c.Id == singleAccount.ConsumerId, Cancel);
            var bulkConsumer = await bulkDb.Consumers.AsNoTracking().SingleAsync(c => c.Id == bulkAccount.ConsumerId, Cancel);
            Assert.True(singleConsumer.Contact.IsSameAs(bulkConsumer.Contact), $"{bulkAccount.ClientReference}: the consumer's contact data differs.");
            Assert.Equal(singleConsumer.ContactKeys, bulkConsumer.ContactKeys);
        }

        var bob = await bulkDb.Consumers.AsNoTracking().SingleAsync(c => c.Id == bulk[0].ConsumerId, Cancel);
        Assert.Equal(["+16175550123", "+13125550188"], bob.Phones.Select(p => p.Number));
        Assert.Equal(("America/New_York", "bob@example.com", "es"), (bob.Addresses.Single().TimeZone, bob.Emails.Single().Address, bob.Language));

        // Bob's registration and Robert's number are in the contact history.
        Assert.Equal(
            await singleDb.ConsumerContactHistory.AsNoTracking().OrderBy(c => c.At).Select(c => c.After).ToListAsync(Cancel),
            await bulkDb.ConsumerContactHistory.AsNoTracking().OrderBy(c => c.At).Select(c => c.After).ToListAsync(Cancel));
        Assert.Equal(2, await bulkDb.ConsumerContactHistory.CountAsync(Cancel));
        // Each account's segment and score travel on its one AccountPlaced, as from a single placement.
        var singlePlaced = await QueuedEvents<AccountPlaced>.OfAsync(singleDb, singleTenant, Cancel);
        var bulkPlaced = await QueuedEvents<AccountPlaced>.OfAsync(bulkDb, tenantId, Cancel);
        Assert.Equal(one.Select(a => (a.ClientReference, a.Segment, a.Score)), singlePlaced.OrderBy(e => e.ClientReference, StringComparer.Ordinal).Select(e => (e.ClientReference, e.Segment, e.Score)));
        Assert.Equal(bulk.Select(a => (a.ClientReference, a.Segment, a.Score)), bulkPlaced.OrderBy(e => e.ClientReference, StringComparer.Ordinal).Select(e => (e.ClientReference, e.Segment, e.Score)));
        Assert.Equal(0, await CountEventsAsync<AccountSegmented>(singleTenant));
        Assert.Equal(0, await CountEventsAsync<AccountSegmented>(tenantId));
        Assert.Equal(4, await bulkDb.AccountHistory.CountAsync(h => h.Change == AccountChange.Segmented, Cancel));
    }

    [Fact]
    public async Task A_later_file_adds_its_contact_data_to_a_stored_consumer_and_records_the_change()
    {
        const string ContactHeader = "client_reference,original_creditor,first_name,last_name,date_of_birth,postal_code,jurisdiction,currency,principal,phone_1,phone_1_type,phone_1_consent,email,email_consent";
        await PlacedAsync(ClientKey(), ContactHeader + "\r\nL-1,Acme Bank,Bob,Stone,1970-05-06,02139,MA,USD,100.00,617-555-0123,mobile,yes,,\r\n");

        var later = await PlacedAsync(ClientKey(), ContactHeader + "\r\nL-2,Acme Bank,Robert,Stone,1970-05-06,02139,MA,USD,50.00,617-555-0123,mobile,yes,bob@example.com,yes\r\n");

        Assert.Equal(1L, later.Accepted);
        var db = TenantDb();
        var bob = await db.Consumers.AsNoTracking().SingleAsync(Cancel);
        Assert.Equal(("+16175550123", "bob@example.com", true), (bob.Phones.Single().Number, bob.Emails.Single().Address, bob.Emails.Single().Consent));
        Assert.Equal(["tel:+16175550123", "email:bob@example.com"], bob.ContactKeys);
        var changes = await db.ConsumerContactHistory.AsNoTracking().OrderBy(c => c.At).ToListAsync(Cancel);
        Assert.Equal(["placement:L-1", "placement:L-2"], changes.Select(c => c.Why));
        Assert.Empty(ConsumerContactChange.Read(changes[1].Before).Emails);
        Assert.Single(ConsumerContactChange.Read(changes[1].After).Emails);
        Assert.Equal(2, (await AccountsOfAsync(ClientKey())).Count(a => a.ConsumerId == bob.Id && a.Segment is not null));
    }

    [Fact]
    public async Task A_file_with_contact_columns_places_consumers_with_their_contact_data_and_rejects_bad_contact_data()
    {
        const string ContactHeader = "client_reference,original_creditor,first_name,last_name,date_of_birth,postal_code,jurisdiction,currency,principal,"
            + "address_line1,address_line2,city,state,country,time_zone,phone_1,phone_1_type,phone_1_consent,phone_2,phone_2_type,phone_2_consent,email,email_consent,language";
        var csv = ContactHeader + "\r\n" + string.Join("\r\n",
            "T-1,Acme Bank,Ann,Lee,1980-02-03,60601,IL,USD,100.00,1 Main St,Apt 2,Chicago,IL,US,,312-555-0188,mobile,yes,+16175550123,landline,,ann@example.com,true,es",
            "T-2,Acme Bank,Bo,Kim,,,NY,USD,50.00,,,,,,,,,,212-555-0100,work,no,,,",
            "T-3,Acme Bank,Cy,Park,,,NY,USD,50.00,,,,,,,not-a-number,mobile,maybe,,,,nobody,true,",
            "T-4,Acme Bank,Di,Moe,,90210,CA,USD,50.00,2 Elm St,,Los Angeles,XX,,Mars/Base,,,,,,,,,") + "\r\n";

        var placement = await PlacedAsync(ClientKey(), csv);

        Assert.Equal((2L, 2L), (placement.Accepted, placement.Rejected));
        var db = TenantDb();
        var ann = await db.Consumers.AsNoTracking().SingleAsync(c => c.FirstName == "Ann", Cancel);
        var address = Assert.Single(ann.Addresses);
        Assert.Equal(("1 Main St", "Apt 2", "Chicago", "IL", "60601", "US", "America/Chicago"), (address.Line1, address.Line2, address.City, address.State, address.PostalCode, address.Country, address.TimeZone));
        Assert.Equal([("+13125550188", "mobile", true), ("+16175550123", "landline", false)], ann.Phones.Select(p => (p.Number, p.Type, p.AutodialerConsent)));
        Assert.Equal(("ann@example.com", true, "es"), (ann.Emails.Single().Address, ann.Emails.Single().Consent, ann.Language));
        var bo = await db.Consumers.AsNoTracking().SingleAsync(c => c.FirstName == "Bo", Cancel);
        Assert.Equal([("+12125550100", "work")], bo.Phones.Select(p => (p.Number, p.Type)));
        Assert.Equal(2, await db.ConsumerContactHistory.CountAsync(Cancel));
        Assert.Contains(await db.Consumers.Where(c => c.ContactKeys.Contains("tel:+13125550188")).Select(c => c.FirstName).ToListAsync(Cancel), n => n == "Ann");

        var rejects = await ClientKey().GetStringAsync($"{PlacementsApi.Path}/{placement.Id}/rejects", Cancel);
        var t3 = Assert.Single(rejects.Split("\r\n"), l => l.Contains("T-3", StringComparison.Ordinal));
        Assert.Contains("phone_1:", t3, StringComparison.Ordinal);
        Assert.Contains("phone_1_consent:", t3, StringComparison.Ordinal);
        Assert.Contains("email:", t3, StringComparison.Ordinal);
        var t4 = Assert.Single(rejects.Split("\r\n"), l => l.Contains("T-4", StringComparison.Ordinal));
        Assert.Contains("state:", t4, StringComparison.Ordinal);
        Assert.Contains("time_zone:", t4, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_placement_shows_its_progress_while_its_rows_are_still_arriving()
    {
        const int BeforePause = PlacementImporter.DefaultBatchSize + 500;
        var resume = new TaskCompletionSource();
        using var scope = service.Services.CreateScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.Use(tenantId);
        var importer = new PlacementImporter(
            scope.ServiceProvider.GetRequiredService<AccountsDbContext>(), tenant, TimeProvider.System, scope.ServiceProvider.GetRequiredService<OutboxSignal>());
        var started = await importer.StartAsync(clientId, "csv", "client:test", Cancel);
        var importing = importer.ImportAsync(started, SlowRowsAsync(BeforePause, 300, resume.Task), Cancel);

        var during = await Eventually.Until(
            async () => (await ClientKey().GetFromJsonAsync<PlacementResponse>($"{PlacementsApi.Path}/{started.Id}", Cancel))!,
            p => p.RowsRead >= PlacementImporter.DefaultBatchSize,
            TimeSpan.FromSeconds(60),
            "the first batch committed");
        var listed = Assert.Single((await ClientKey().GetFromJsonAsync<PlacementPage>(PlacementsApi.Path, Cancel))!.Items);
        resume.SetResult();
        var done = await importing;
        var after = await ClientKey().GetFromJsonAsync<PlacementResponse>($"{PlacementsApi.Path}/{started.Id}", Cancel);

        Assert.Equal(("Receiving", (long)PlacementImporter.DefaultBatchSize, (long)PlacementImporter.DefaultBatchSize, (DateTimeOffset?)null), (during.Status, during.RowsRead, during.Accepted, during.FinishedAt));
        Assert.Equal(("Receiving", during.RowsRead), (listed.Status, listed.RowsRead));
        Assert.Equal(("Completed", BeforePause + 300L, BeforePause + 300L), (after!.Status, after.RowsRead, after.Accepted));
        Assert.Equal(done.Id, after.Id);
        Assert.True(after.FinishedAt >= after.StartedAt);
    }

    [Fact]
    public async Task Json_that_breaks_off_fails_the_placement_with_a_422_and_keeps_the_batches_before()
    {
        var rows = string.Join(",", Enumerable.Range(1, PlacementImporter.DefaultBatchSize + 1).Select(i => JsonSerializer.Serialize(Placement($"K-{i}"))));
        var response = await ClientKey().PostAsync(PlacementsApi.Path, new StringContent($"[{rows}, {{\"clientReference\": ", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var placement = await ClientKey().GetFromJsonAsync<PlacementResponse>($"{PlacementsApi.Path}/{problem.GetProperty("placementId").GetGuid()}", Cancel);
        Assert.Equal(("Failed", (long)PlacementImporter.DefaultBatchSize, (long)PlacementImporter.DefaultBatchSize), (placement!.Status, placement.RowsRead, placement.Accepted));
        Assert.NotNull(placement.Failure);
        Assert.Equal(PlacementImporter.DefaultBatchSize, await TenantDb().Accounts.CountAsync(Cancel));
        Assert.Equal(PlacementImporter.DefaultBatchSize, (await PlacedEventsAsync()).Count);
    }

    [Fact]
    public async Task A_reference_repeated_in_a_later_batch_of_the_same_file_is_rejected()
    {
        var rows = Enumerable.Range(1, PlacementImporter.DefaultBatchSize + 2).Select(i => $"D-{i},Acme Bank,Ann,Lee,,,MA,USD,10.00,0,0,,").ToList();
        rows.Add("D-1,Acme Bank,Ann,Lee,,,MA,USD,10.00,0,0,,");
        rows.Add("D-2,Acme Bank,Ann,Lee,,,XX,USD,10.00,0,0,,");
        rows.Insert(1, "D-X,Acme Bank,Ann,Lee,,,XX,USD,10.00,0,0,,");
        rows.Add("D-X,Acme Bank,Ann,Lee,,,MA,USD,10.00,0,0,,");

        var placement = await PlacedAsync(ClientKey(), Csv([.. rows]));
        var rejects = (await ClientKey().GetStringAsync($"{PlacementsApi.Path}/{placement.Id}/rejects", Cancel)).Split("\r\n");

        Assert.Equal((PlacementImporter.DefaultBatchSize + 2L, 4L), (placement.Accepted, placement.Rejected));
        var last = PlacementImporter.DefaultBatchSize + 3;
        Assert.StartsWith($"{last + 1},D-1,rejected,\"ClientReference: 'D-1' is already on an earlier row of this placement, which placed account ", rejects[2]);
        Assert.StartsWith($"{last + 2},D-2,rejected,", rejects[3]);
        Assert.Equal($"{last + 3},D-X,rejected,ClientReference: 'D-X' is already on row 2 of this placement.", rejects[4]);
    }

    [Fact]
    public async Task Another_tenants_or_clients_placement_is_not_found()
    {
        var placement = await PlacedAsync(ClientKey(), Csv("T-1,Acme Bank,Ann,Lee,,,MA,USD,10.00,0,0,,"));

        foreach (var stranger in new[]
        {
            TestCallers.Staff(Guid.NewGuid(), Roles.Admin),
            TestCallers.Client(tenantId, Guid.NewGuid()),
            TestCallers.Client(Guid.NewGuid(), clientId),
        })
        {
            var client = service.ClientFor(stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{PlacementsApi.Path}/{placement.Id}", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{PlacementsApi.Path}/{placement.Id}/rejects", Cancel)).StatusCode);
            Assert.Empty((await client.GetFromJsonAsync<PlacementPage>(PlacementsApi.Path, Cancel))!.Items);
        }

        var own = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent)).GetFromJsonAsync<PlacementResponse>($"{PlacementsApi.Path}/{placement.Id}", Cancel);
        Assert.Equal(placement.Id, own!.Id);
    }

    [Theory]
    [InlineData("text/plain", "a,b", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/csv", "", HttpStatusCode.BadRequest)]
    [InlineData("text/csv", "client_reference,principal\r\nX,1", HttpStatusCode.BadRequest)]
    [InlineData("text/csv", "client_reference,original_creditor,first_name,last_name,jurisdiction,currency,principal,princpal\r\n", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "{}", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "\"accounts\"", HttpStatusCode.BadRequest)]
    public async Task A_body_that_is_no_placement_is_a_4xx_problem_and_starts_nothing(string contentType, string body, HttpStatusCode expected)
    {
        var response = await ClientKey().PostAsync(PlacementsApi.Path, new StringContent(body, Encoding.UTF8, contentType), Cancel);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await ClientKey().GetFromJsonAsync<PlacementPage>(PlacementsApi.Path, Cancel))!.Items);
    }

    [Fact]
    public async Task Staff_placing_without_naming_the_client_is_a_400_problem_for_clientId()
    {
        var response = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin))
            .PostAsync(PlacementsApi.Path, new StringContent(Csv("X-1,Acme Bank,Ann,Lee,,,MA,USD,1.00,0,0,,"), Encoding.UTF8, "text/csv"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("clientId", out _));
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.ComplianceOfficer)]
    public async Task Staff_who_may_not_place_get_a_403_problem(string role)
    {
        var response = await service.ClientFor(TestCallers.Staff(tenantId, role))
            .PostAsync($"{PlacementsApi.Path}?clientId={clientId}", new StringContent(Csv("X-1,Acme Bank,Ann,Lee,,,MA,USD,1.00,0,0,,"), Encoding.UTF8, "text/csv"), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_client_key_naming_another_client_gets_a_403_problem()
    {
        var response = await ClientKey()
            .PostAsync($"{PlacementsApi.Path}?clientId={Guid.NewGuid()}", new StringContent(Csv("X-1,Acme Bank,Ann,Lee,,,MA,USD,1.00,0,0,,"), Encoding.UTF8, "text/csv"), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Csv(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    private static object Comparable(AccountResponse a) => new
    {
        a.ClientReference,
        a.OriginalCreditor,
        a.CurrentCreditor,
        a.Consumer,
        a.Jurisdiction,
        a.Status,
        a.Currency,
        a.Principal,
        a.Interest,
        a.Fees,
        a.Balance,
        a.Credit,
        Holds = string.Join(",", a.Holds),
        a.Segment,
        a.Score,
        a.DelinquencyDate,
        a.ChargeOffDate,
        a.LastPaymentDate,
        a.TimeBarredAt,
        a.IsTimeBarred,
    };

    private static async Task<List<AccountResponse>> AccountsOfAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<AccountPage>($"{AccountsPath}?pageSize=100", Cancel))!.Items.OrderBy(a => a.ClientReference, StringComparer.Ordinal)];

    private HttpClient ClientKey() => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private async Task<PlacementResponse> PlacedAsync(HttpClient client, string csv)
    {
        var response = await client.PostAsync(PlacementsApi.Path, new StringContent(csv, Encoding.UTF8, "text/csv"), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlacementResponse>(Cancel))!;
    }

    private AccountsDbContext TenantDb()
    {
        var scope = service.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
    }

    private AccountsDbContext DbOf(Guid tenant)
    {
        var scope = service.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant);
        return scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
    }

    private async Task<int> CountEventsAsync<TEvent>(Guid tenant)
        where TEvent : IntegrationEvent =>
        (await QueuedEvents<TEvent>.OfAsync(DbOf(tenant), tenant, Cancel)).Count;

    private Task<List<AccountPlaced>> PlacedEventsAsync() => QueuedEvents<AccountPlaced>.OfAsync(TenantDb(), tenantId, Cancel);

    /// <summary>Rows that stop after <paramref name="before"/> until <paramref name="resume"/> completes, as a slow upload would.</summary>
    private async IAsyncEnumerable<PlacementRow> SlowRowsAsync(int before, int after, Task resume)
    {
        for (var i = 1; i <= before + after; i++)
        {
            if (i == before + 1)
            {
                await resume;
            }

            yield return PlacementRow.Valid(i, new PlacementDetails(clientId, $"P-{i}", "Acme Bank", null, new StatedConsumer("Ann", "Lee", null, null), "MA", "USD", 10m, 0m, 0m));
        }
    }
}
