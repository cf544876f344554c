using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

public sealed class AccountAccessTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientA = Guid.NewGuid();
    private readonly Guid clientB = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_reads_its_own_account()
    {
        var account = await PlacedAsync(Key(clientA), Placement("ACC-1"));

        var response = await Key(clientA).GetAsync($"{AccountsPath}/{account.Id}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_client_reading_another_clients_account_gets_404()
    {
        var account = await PlacedAsync(Key(clientA), Placement("ACC-2"));

        var response = await Key(clientB).GetAsync($"{AccountsPath}/{account.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.ComplianceOfficer)]
    public async Task Staff_of_any_role_read_any_account_of_their_tenant(string role)
    {
        var account = await PlacedAsync(Key(clientA), Placement("ACC-3"));

        var read = await service.ClientFor(TestCallers.Staff(tenantId, role)).GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel);

        Assert.Equal(account.Id, read!.Id);
    }

    [Fact]
    public async Task A_consumer_reads_their_own_account()
    {
        var account = await PlacedAsync(Key(clientA), Placement("ACC-4"));

        var response = await service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId)).GetAsync($"{AccountsPath}/{account.Id}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_consumer_reading_another_consumers_account_gets_404()
    {
        var account = await PlacedAsync(Key(clientA), Placement("ACC-5"));
        var someoneElse = await PlacedAsync(Key(clientA), Placement("ACC-6", consumer: new { firstName = "Bo", lastName = "Kim" }));

        var response = await service.ClientFor(TestCallers.Consumer(tenantId, someoneElse.ConsumerId)).GetAsync($"{AccountsPath}/{account.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_caller_that_is_neither_staff_client_nor_consumer_gets_404()
    {
        var account = await PlacedAsync(Key(clientA), Placement("ACC-7"));
        var platform = TestCallers.Trusted.Issue(
        [
            new Claim(CallerClaims.Actor, ActorKinds.Platform),
            new Claim(CallerClaims.TenantId, tenantId.ToString()),
            new Claim(CallerClaims.Role, Roles.PlatformAdmin),
        ]);

        var response = await service.ClientFor(platform).GetAsync($"{AccountsPath}/{account.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_client_lists_only_its_own_accounts()
    {
        await PlacedAsync(Key(clientA), Placement("LIST-A1"));
        await PlacedAsync(Key(clientA), Placement("LIST-A2"));
        await PlacedAsync(Key(clientB), Placement("LIST-B1"));

        var page = await Key(clientA).GetFromJsonAsync<AccountPage>(AccountsPath, Cancel);

        Assert.Equal(["LIST-A2", "LIST-A1"], page!.Items.Select(a => a.ClientReference));
        Assert.Equal(2, page.TotalItems);
    }

    [Fact]
    public async Task A_consumer_lists_only_their_own_accounts()
    {
        var own = await PlacedAsync(Key(clientA), Placement("LIST-C1"));
        await PlacedAsync(Key(clientB), Placement("LIST-C2", consumer: new { firstName = "Bo", lastName = "Kim" }));

        var page = await service.ClientFor(TestCallers.Consumer(tenantId, own.ConsumerId)).GetFromJsonAsync<AccountPage>(AccountsPath, Cancel);

        Assert.Equal(own.Id, Assert.Single(page!.Items).Id);
    }

    [Fact]
    public async Task Staff_list_every_account_of_their_tenant_only()
    {
        await PlacedAsync(Key(clientA), Placement("LIST-S1"));
        await PlacedAsync(Key(clientB), Placement("LIST-S2"));
        await PlacedAsync(service.ClientFor(TestCallers.Client(Guid.NewGuid(), clientA)), Placement("LIST-S3"));

        var page = await Staff().GetFromJsonAsync<AccountPage>(AccountsPath, Cancel);

        Assert.Equal(["LIST-S1", "LIST-S2"], page!.Items.Select(a => a.ClientReference).Order());
    }

    [Fact]
    public async Task Listing_filters_by_client_reference()
    {
        await PlacedAsync(Key(clientA), Placement("LIST-F1"));
        await PlacedAsync(Key(clientB), Placement("LIST-F1"));
        await PlacedAsync(Key(clientA), Placement("LIST-F2"));

        var page = await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?clientReference=LIST-F1", Cancel);

        Assert.Equal(2, page!.TotalItems);
        Assert.All(page.Items, a => Assert.Equal("LIST-F1", a.ClientReference));
    }

    [Fact]
    public async Task Listing_pages_newest_first()
    {
        foreach (var reference in new[] { "P1", "P2", "P3" })
        {
            await PlacedAsync(Key(clientA), Placement(reference));
        }

        var second = await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?page=2&pageSize=2", Cancel);

        Assert.Equal("P1", Assert.Single(second!.Items).ClientReference);
        Assert.Equal((2, 2, 3), (second.Page, second.PageSize, second.TotalItems));
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Listing_with_an_out_of_range_page_is_a_400_problem(string query, string field)
    {
        var response = await Staff().GetAsync($"{AccountsPath}?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    private HttpClient Key(Guid clientId) => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Staff() => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
}
