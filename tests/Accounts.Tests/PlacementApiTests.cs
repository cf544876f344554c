using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collections.Accounts.Apis;
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

public sealed class PlacementApiTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Placing_an_account_stores_it_and_queues_AccountPlaced_in_the_outbox()
    {
        var response = await PlaceAsync(ClientKey(), Placement("REF-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<AccountResponse>(Cancel);
        Assert.NotNull(account);
        Assert.Equal(106.75m, account.Balance);
        Assert.Equal(clientId, account.ClientId);
        Assert.Equal($"{AccountsPath}/{account.Id}", response.Headers.Location?.ToString());

        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var queued = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType == typeof(AccountPlaced).FullName)
            .ToListAsync(Cancel);
        var placed = JsonSerializer.Deserialize<AccountPlaced>(Assert.Single(queued).Body, JsonSerializerOptions.Web)!;
        Assert.Equal(account.Id, placed.AccountId);
        Assert.Equal(106.75m, placed.PlacedBalance);
        Assert.Equal(clientId, placed.ClientId);
        Assert.Equal(account.ConsumerId, placed.ConsumerId);
        Assert.NotNull(placed.Segment);
        Assert.Equal((account.Segment, account.Score), (placed.Segment, placed.Score));
    }

    [Fact]
    public async Task Re_sending_the_same_placement_returns_the_existing_account_and_creates_nothing()
    {
        var first = await PlacedAsync(ClientKey(), Placement("REF-2"));

        var again = await PlaceAsync(ClientKey(), Placement("REF-2"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Id, (await again.Content.ReadFromJsonAsync<AccountResponse>(Cancel))!.Id);
        await using var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.ClientReference == "REF-2", Cancel));
        Assert.Equal(1, await db.Consumers.CountAsync(Cancel));
        Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync(m => m.TenantId == tenantId && m.MessageType == typeof(AccountPlaced).FullName, Cancel));
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.TenantId == tenantId && m.MessageType == typeof(AccountSegmented).FullName, Cancel));
    }

    [Fact]
    public async Task The_same_reference_with_different_facts_is_a_409_problem_and_changes_nothing()
    {
        var client = ClientKey();
        await PlaceAsync(client, Placement("REF-3", principal: 100m));

        var conflict = await PlaceAsync(client, Placement("REF-3", principal: 250m));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.EndsWith("/placement-conflict", problem.GetProperty("type").GetString());
        var id = problem.GetProperty("accountId").GetGuid();
        var stored = await client.GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{id}", Cancel);
        Assert.Equal(100m, stored!.Principal);
    }

    [Fact]
    public async Task The_same_reference_from_two_clients_places_two_accounts()
    {
        var first = await PlaceAsync(ClientKey(), Placement("REF-SHARED"));

        var second = await PlaceAsync(service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())), Placement("REF-SHARED", principal: 999m));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_account_is_not_found()
    {
        var created = await PlacedAsync(ClientKey(), Placement("REF-4"));

        var response = await service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)).GetAsync($"{AccountsPath}/{created.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Supervisor)]
    public async Task Staff_who_may_place_place_for_the_client_they_name(string role)
    {
        var account = await PlacedAsync(service.ClientFor(TestCallers.Staff(tenantId, role)), Placement("REF-STAFF", clientId: clientId));

        Assert.Equal(clientId, account.ClientId);
    }

    [Fact]
    public async Task Staff_placing_without_naming_the_client_is_a_400_problem_for_clientId()
    {
        var response = await PlaceAsync(service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin)), Placement("REF-NO-CLIENT"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals("ClientId", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.SeniorAgent)]
    [InlineData(Roles.ComplianceOfficer)]
    public async Task Staff_without_admin_or_supervisor_role_may_not_place(string role)
    {
        var response = await PlaceAsync(service.ClientFor(TestCallers.Staff(tenantId, role)), Placement("REF-AGENT", clientId: clientId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_consumer_may_not_place()
    {
        var response = await PlaceAsync(service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())), Placement("REF-CONSUMER", clientId: clientId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_client_key_placing_for_another_client_is_forbidden_and_places_nothing()
    {
        var response = await PlaceAsync(ClientKey(), Placement("REF-OTHER", clientId: Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var listed = await ClientKey().GetFromJsonAsync<AccountPage>(AccountsPath, Cancel);
        Assert.Equal(0, listed!.TotalItems);
    }

    [Fact]
    public async Task A_client_key_may_name_its_own_client()
    {
        var response = await PlaceAsync(ClientKey(), Placement("REF-OWN", clientId: clientId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_consumer_known_by_last_name_date_of_birth_and_postal_code_is_reused_across_clients()
    {
        var first = await PlacedAsync(ClientKey(), Placement("REF-R1", consumer: Ann("Lee", "1980-02-29", "02139")));

        var second = await PlacedAsync(
            service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())),
            Placement("REF-R2", consumer: new { firstName = "Annie", lastName = "LEE", dateOfBirth = "1980-02-29", postalCode = "02139-4307" }));

        Assert.Equal(first.ConsumerId, second.ConsumerId);
    }

    [Fact]
    public async Task Re_sending_a_placement_whose_consumer_was_recognised_under_another_first_name_is_the_same_placement()
    {
        await PlacedAsync(ClientKey(), Placement("REF-R3", consumer: Ann("Lee", "1980-02-29", "02139")));
        var renamed = Placement("REF-R4", consumer: new { firstName = "Annie", lastName = "Lee", dateOfBirth = "1980-02-29", postalCode = "02139" });
        var first = await PlacedAsync(ClientKey(), renamed);

        var again = await PlaceAsync(ClientKey(), renamed);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Id, (await again.Content.ReadFromJsonAsync<AccountResponse>(Cancel))!.Id);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("1980-02-29", null)]
    [InlineData(null, "02139")]
    [InlineData("1981-02-28", "02139")]
    [InlineData("1980-02-29", "02140")]
    public async Task A_consumer_is_registered_anew_unless_date_of_birth_and_postal_code_both_match(string? dateOfBirth, string? postalCode)
    {
        var first = await PlacedAsync(ClientKey(), Placement("REF-N1", consumer: Ann("Lee", "1980-02-29", "02139")));

        var second = await PlacedAsync(ClientKey(), Placement("REF-N2", consumer: Ann("Lee", dateOfBirth, postalCode)));

        Assert.NotEqual(first.ConsumerId, second.ConsumerId);
    }

    [Fact]
    public async Task Another_last_name_is_another_consumer()
    {
        var first = await PlacedAsync(ClientKey(), Placement("REF-L1", consumer: Ann("Lee", "1980-02-29", "02139")));

        var second = await PlacedAsync(ClientKey(), Placement("REF-L2", consumer: Ann("Leeds", "1980-02-29", "02139")));

        Assert.NotEqual(first.ConsumerId, second.ConsumerId);
    }

    [Fact]
    public async Task The_account_shows_the_consumers_date_of_birth_and_postal_code()
    {
        var account = await PlacedAsync(ClientKey(), Placement("REF-D1", consumer: Ann("Lee", "1980-02-29", "02139")));

        Assert.Equal(new ConsumerDetails("Ann", "Lee", "1980-02-29", "02139"), account.Consumer);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await ClientKey().PostAsync(
            AccountsPath, new StringContent("{\"clientReference\": 5", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_fields_are_a_400_problem_naming_each_field()
    {
        var response = await ClientKey().PostAsJsonAsync(AccountsPath, new { clientReference = "REF-6", jurisdiction = "MA" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        var fields = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(fields, f => f.Equals("OriginalCreditor", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fields, f => f.Equals("Consumer", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fields, f => f.Equals("Currency", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("jurisdiction", "ZZ", "Jurisdiction")]
    [InlineData("principal", -1, "Principal")]
    [InlineData("fees", 1.005, "Fees")]
    [InlineData("currency", "usd", "Currency")]
    public async Task An_invalid_value_is_a_400_problem_for_that_field(string property, object value, string field)
    {
        var placement = JsonSerializer.SerializeToNode(Placement($"REF-7-{property}"))!;
        placement[property] = JsonSerializer.SerializeToNode(value);

        var response = await ClientKey().PostAsJsonAsync(AccountsPath, placement, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("29/02/1980", "02139", "Consumer.DateOfBirth")]
    [InlineData("2999-01-01", "02139", "Consumer.DateOfBirth")]
    [InlineData("1980-02-29", "02139; DROP", "Consumer.PostalCode")]
    public async Task An_invalid_consumer_fact_is_a_400_problem_for_that_field(string dateOfBirth, string postalCode, string field)
    {
        var response = await PlaceAsync(ClientKey(), Placement("REF-8", consumer: Ann("Lee", dateOfBirth, postalCode)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    private static object Ann(string lastName, string? dateOfBirth, string? postalCode) =>
        new { firstName = "Ann", lastName, dateOfBirth, postalCode };

    private HttpClient ClientKey() => service.ClientFor(TestCallers.Client(tenantId, clientId));
}
