using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collections.Accounts.Apis;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Accounts.Tests;

public sealed class PlacementApiTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Placing_an_account_stores_it_and_queues_AccountPlaced_in_the_outbox()
    {
        var client = service.ClientFor(tenantId);

        var response = await AccountsServiceFactory.PlaceAsync(client, AccountsServiceFactory.Placement("REF-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<AccountResponse>(Cancel);
        Assert.NotNull(account);
        Assert.Equal(106.75m, account.Balance);
        Assert.Equal($"/api/v1/accounts/accounts/{account.Id}", response.Headers.Location?.ToString());

        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var queued = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType == typeof(AccountPlaced).FullName)
            .ToListAsync(Cancel);
        var placed = JsonSerializer.Deserialize<AccountPlaced>(Assert.Single(queued).Body, JsonSerializerOptions.Web)!;
        Assert.Equal(account.Id, placed.AccountId);
        Assert.Equal(106.75m, placed.PlacedBalance);
    }

    [Fact]
    public async Task Re_sending_the_same_placement_returns_the_existing_account_and_creates_nothing()
    {
        var client = service.ClientFor(tenantId);
        var first = await (await AccountsServiceFactory.PlaceAsync(client, AccountsServiceFactory.Placement("REF-2"))).Content.ReadFromJsonAsync<AccountResponse>(Cancel);

        var again = await AccountsServiceFactory.PlaceAsync(client, AccountsServiceFactory.Placement("REF-2"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first!.Id, (await again.Content.ReadFromJsonAsync<AccountResponse>(Cancel))!.Id);
        await using var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.ClientReference == "REF-2", Cancel));
        Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync(m => m.TenantId == tenantId, Cancel));
    }

    [Fact]
    public async Task The_same_reference_with_different_facts_is_a_409_problem_and_changes_nothing()
    {
        var client = service.ClientFor(tenantId);
        await AccountsServiceFactory.PlaceAsync(client, AccountsServiceFactory.Placement("REF-3", principal: 100m));

        var conflict = await AccountsServiceFactory.PlaceAsync(client, AccountsServiceFactory.Placement("REF-3", principal: 250m));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.EndsWith("/placement-conflict", problem.GetProperty("type").GetString());
        var id = problem.GetProperty("accountId").GetGuid();
        var stored = await client.GetFromJsonAsync<AccountResponse>($"/api/v1/accounts/accounts/{id}", Cancel);
        Assert.Equal(100m, stored!.Principal);
    }

    [Fact]
    public async Task Another_tenants_account_is_not_found()
    {
        var created = await (await AccountsServiceFactory.PlaceAsync(service.ClientFor(tenantId), AccountsServiceFactory.Placement("REF-4")))
            .Content.ReadFromJsonAsync<AccountResponse>(Cancel);

        var response = await service.ClientFor(Guid.NewGuid()).GetAsync($"/api/v1/accounts/accounts/{created!.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Placing_without_a_tenant_is_a_401_problem()
    {
        var response = await AccountsServiceFactory.PlaceAsync(service.CreateClient(), AccountsServiceFactory.Placement("REF-5"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await service.ClientFor(tenantId).PostAsync(
            "/api/v1/accounts/accounts", new StringContent("{\"clientReference\": 5", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_fields_are_a_400_problem_naming_each_field()
    {
        var response = await service.ClientFor(tenantId).PostAsJsonAsync(
            "/api/v1/accounts/accounts", new { clientReference = "REF-6", jurisdiction = "MA" }, Cancel);

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
        var placement = JsonSerializer.SerializeToNode(AccountsServiceFactory.Placement($"REF-7-{property}"))!;
        placement[property] = JsonSerializer.SerializeToNode(value);

        var response = await service.ClientFor(tenantId).PostAsJsonAsync("/api/v1/accounts/accounts", placement, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }
}
