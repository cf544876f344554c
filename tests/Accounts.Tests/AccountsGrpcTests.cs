using System.Net.Http.Json;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Grpc.Core;
using Grpc.Net.Client;

namespace Collections.Accounts.Tests;

public sealed class AccountsGrpcTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAccount_returns_the_account_with_exact_balances_to_its_own_tenant()
    {
        var account = await PlaceAsync("GRPC-1");

        var reply = await Client().GetAccountAsync(new GetAccountRequest { AccountId = account.Id.ToString() }, TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.Equal("GRPC-1", reply.ClientReference);
        Assert.Equal("Ann Lee", reply.ConsumerName);
        Assert.Equal(106.75m, reply.TotalBalance.ToDecimal());
        Assert.Equal("USD", reply.TotalBalance.CurrencyCode);
    }

    [Fact]
    public async Task GetAccount_for_another_tenants_account_is_not_found()
    {
        var account = await PlaceAsync("GRPC-2");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client().GetAccountAsync(new GetAccountRequest { AccountId = account.Id.ToString() }, TenantMetadata(Guid.NewGuid()), cancellationToken: Cancel));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetAccount_without_a_tenant_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client().GetAccountAsync(new GetAccountRequest { AccountId = Guid.NewGuid().ToString() }, cancellationToken: Cancel));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task GetAccount_with_a_malformed_id_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client().GetAccountAsync(new GetAccountRequest { AccountId = "not-a-guid" }, TenantMetadata(tenantId), cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private AccountsService.AccountsServiceClient Client() =>
        new(GrpcChannel.ForAddress(service.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = service.Server.CreateHandler() }));

    private static Metadata TenantMetadata(Guid tenant) => new() { { TenantHeaders.TenantId, tenant.ToString() } };

    private async Task<AccountResponse> PlaceAsync(string reference)
    {
        var response = await AccountsServiceFactory.PlaceAsync(service.ClientFor(tenantId), AccountsServiceFactory.Placement(reference));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccountResponse>(Cancel))!;
    }
}
