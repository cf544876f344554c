using System.Net;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

public sealed class CallerAuthenticationTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_without_a_token_is_a_401_problem()
    {
        var response = await PlaceAsync(service.CreateClient(), Placement("AUTH-1", clientId: Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_a_401_problem()
    {
        var client = service.ClientFor(TestCallers.SignedByAnotherKey.Staff(tenantId, Roles.Admin));

        var response = await client.GetAsync(AccountsPath, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_expired_token_is_a_401_problem()
    {
        var client = service.ClientFor(TestCallers.Expired.Staff(tenantId, Roles.Admin));

        var response = await client.GetAsync(AccountsPath, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_valid_token_is_let_in()
    {
        var response = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent)).GetAsync(AccountsPath, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
