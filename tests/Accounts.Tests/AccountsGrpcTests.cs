using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Collections.IntegrationTesting;
using Grpc.Core;
using Grpc.Net.Client;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

public sealed class AccountsGrpcTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

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
    public async Task GetAccount_says_which_client_placed_the_account_and_who_owes_it()
    {
        var account = await PlaceAsync("GRPC-1b");

        var reply = await Client().GetAccountAsync(new GetAccountRequest { AccountId = account.Id.ToString() }, TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.Equal(clientId.ToString(), reply.ClientId);
        Assert.Equal(account.ConsumerId.ToString(), reply.ConsumerId);
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

    [Theory]
    [InlineData("02139")]
    [InlineData("02139-4307")]
    [InlineData(" 021 39 ")]
    public async Task VerifyConsumer_matches_the_right_date_of_birth_and_postal_code(string postalCode)
    {
        var account = await PlaceAsync("VERIFY-1", new { firstName = "Ann", lastName = "Lee", dateOfBirth = "1980-02-29", postalCode = "02139-1111" });

        var reply = await Client().VerifyConsumerAsync(Verification("VERIFY-1", "1980-02-29", postalCode), TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.True(reply.Matched);
        Assert.Equal(account.ConsumerId.ToString(), reply.ConsumerId);
    }

    [Fact]
    public async Task VerifyConsumer_ignores_case_and_spaces_in_postal_codes()
    {
        await PlaceAsync("VERIFY-UK", new { firstName = "Ann", lastName = "Lee", dateOfBirth = "1980-02-29", postalCode = "SW1A 1AA" });

        var reply = await Client().VerifyConsumerAsync(Verification("VERIFY-UK", "1980-02-29", "sw1a1aa"), TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.True(reply.Matched);
    }

    [Theory]
    [InlineData("VERIFY-2", "1980-03-01", "02139")]
    [InlineData("VERIFY-2", "1980-02-29", "02140")]
    [InlineData("VERIFY-UNKNOWN", "1980-02-29", "02139")]
    public async Task VerifyConsumer_with_a_wrong_fact_does_not_match_and_says_nothing_more(string reference, string dateOfBirth, string postalCode)
    {
        await PlaceAsync("VERIFY-2", new { firstName = "Ann", lastName = "Lee", dateOfBirth = "1980-02-29", postalCode = "02139" });

        var reply = await Client().VerifyConsumerAsync(Verification(reference, dateOfBirth, postalCode), TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.Equal(new VerifyConsumerReply { Matched = false }, reply);
    }

    [Fact]
    public async Task VerifyConsumer_does_not_match_another_tenants_account()
    {
        await PlaceAsync("VERIFY-3", new { firstName = "Ann", lastName = "Lee", dateOfBirth = "1980-02-29", postalCode = "02139" });

        var reply = await Client().VerifyConsumerAsync(Verification("VERIFY-3", "1980-02-29", "02139"), TenantMetadata(Guid.NewGuid()), cancellationToken: Cancel);

        Assert.False(reply.Matched);
        Assert.Empty(reply.ConsumerId);
    }

    [Fact]
    public async Task VerifyConsumer_does_not_match_a_consumer_placed_without_date_of_birth_and_postal_code()
    {
        await PlaceAsync("VERIFY-4");

        var reply = await Client().VerifyConsumerAsync(Verification("VERIFY-4", "1980-02-29", "02139"), TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.False(reply.Matched);
    }

    [Fact]
    public async Task VerifyConsumer_with_a_malformed_date_of_birth_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client().VerifyConsumerAsync(Verification("VERIFY-5", "29/02/1980", "02139"), TenantMetadata(tenantId), cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private static VerifyConsumerRequest Verification(string reference, string dateOfBirth, string postalCode) =>
        new() { AccountReference = reference, DateOfBirth = dateOfBirth, PostalCode = postalCode };

    private AccountsService.AccountsServiceClient Client() =>
        new(GrpcChannel.ForAddress(service.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = service.Server.CreateHandler() }));

    private static Metadata TenantMetadata(Guid tenant) => new() { { TenantHeaders.TenantId, tenant.ToString() } };

    private Task<AccountResponse> PlaceAsync(string reference, object? consumer = null) =>
        PlacedAsync(service.ClientFor(TestCallers.Client(tenantId, clientId)), Placement(reference, consumer: consumer));
}
