using System.Net.Http.Json;
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

    [Fact]
    public async Task GetConsumer_returns_contact_data_with_consents_and_every_time_zone()
    {
        var account = await PlaceAsync("GRPC-C1", new
        {
            firstName = "Ann",
            lastName = "Lee",
            language = "es",
            addresses = new[] { new { line1 = "1 Main St", city = "El Paso", state = "TX", postalCode = "79901" } },
            phones = new object[]
            {
                new { number = "+16175550123", type = "mobile", autodialerConsent = true, consentGivenAt = "2026-01-05T10:00:00Z" },
                new { number = "+442071234567", type = "work" },
            },
            emails = new[] { new { address = "ann@example.com", consent = true } },
        });

        var reply = await Client().GetConsumerAsync(new GetConsumerRequest { ConsumerId = account.ConsumerId.ToString() }, TenantMetadata(tenantId), cancellationToken: Cancel);

        Assert.Equal(("Ann", "Lee", "es"), (reply.FirstName, reply.LastName, reply.Language));
        Assert.Equal(("TX", "America/Denver"), (reply.Addresses.Single().State, reply.Addresses.Single().TimeZone));
        var mobile = reply.Phones[0];
        Assert.Equal(("+16175550123", "mobile", true, "America/New_York"), (mobile.Number, mobile.Type, mobile.AutodialerConsent, mobile.TimeZone));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), mobile.ConsentGivenAt.ToDateTimeOffset());
        Assert.Equal(("work", false, ""), (reply.Phones[1].Type, reply.Phones[1].AutodialerConsent, reply.Phones[1].TimeZone));
        Assert.True(reply.Emails.Single().Consent);
        Assert.Equal(["America/Denver", "America/New_York"], reply.TimeZones);
    }

    [Fact]
    public async Task GetConsumer_for_another_tenants_consumer_is_not_found()
    {
        var account = await PlaceAsync("GRPC-C2");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client().GetConsumerAsync(new GetConsumerRequest { ConsumerId = account.ConsumerId.ToString() }, TenantMetadata(Guid.NewGuid()), cancellationToken: Cancel));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetConsumer_with_a_malformed_id_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client().GetConsumerAsync(new GetConsumerRequest { ConsumerId = "42" }, TenantMetadata(tenantId), cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task The_strategy_stream_sends_the_collectable_accounts_of_the_tenant_in_id_order_with_segment_and_score()
    {
        var tenant = Guid.NewGuid();
        var placed = new List<AccountResponse>();
        foreach (var reference in new[] { "STR-1", "STR-2", "STR-3", "STR-4" })
        {
            placed.Add(await PlaceAsync(reference, tenant: tenant));
        }

        var key = service.ClientFor(TestCallers.Client(tenant, clientId));
        (await key.PostAsJsonAsync($"{AccountsPath}/{placed[2].Id}/recall", new { recallId = Guid.NewGuid(), reason = "Sold" }, Cancel)).EnsureSuccessStatusCode();
        await PlaceAsync("STR-OTHER-TENANT");

        var streamed = await StreamAsync(tenant, new StreamAccountsForStrategyRequest());

        var expected = placed.Where(a => a.ClientReference != "STR-3").Select(a => a.Id.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, streamed.Select(a => a.AccountId));
        var first = streamed.Single(a => a.AccountId == placed[0].Id.ToString());
        Assert.Equal(("early-low-never-paid-no-phone", 499, "Placed", "MA"), (first.Segment, first.Score, first.Status, first.Jurisdiction));
        Assert.Equal(106.75m, first.TotalBalance.ToDecimal());
        Assert.False(first.TimeBarred);
    }

    [Fact]
    public async Task The_batched_strategy_stream_sends_the_same_accounts_in_the_same_order_and_resumes_the_same_way()
    {
        var tenant = Guid.NewGuid();
        foreach (var reference in new[] { "BAT-1", "BAT-2", "BAT-3" })
        {
            await PlaceAsync(reference, tenant: tenant);
        }

        var single = await StreamAsync(tenant, new StreamAccountsForStrategyRequest());
        var batched = await StreamBatchesAsync(tenant, new StreamAccountsForStrategyRequest());
        var rest = await StreamBatchesAsync(tenant, new StreamAccountsForStrategyRequest { AfterAccountId = single[0].AccountId });

        Assert.Equal(3, single.Count);
        Assert.Equal(single, batched);
        Assert.Equal(single.Skip(1), rest);
    }

    [Fact]
    public async Task The_strategy_stream_resumes_after_the_last_account_received()
    {
        var tenant = Guid.NewGuid();
        foreach (var reference in new[] { "RES-1", "RES-2", "RES-3" })
        {
            await PlaceAsync(reference, tenant: tenant);
        }

        var all = await StreamAsync(tenant, new StreamAccountsForStrategyRequest());
        var rest = await StreamAsync(tenant, new StreamAccountsForStrategyRequest { AfterAccountId = all[0].AccountId });

        Assert.Equal(all.Skip(1).Select(a => a.AccountId), rest.Select(a => a.AccountId));
    }

    [Fact]
    public async Task The_strategy_stream_carries_holds_time_zones_language_the_time_bar_and_the_consumers_numbers_and_addresses()
    {
        var tenant = Guid.NewGuid();
        var client = service.ClientFor(TestCallers.Client(tenant, clientId));
        var account = await PlacedAsync(client, Placement(
            "STR-TB",
            jurisdiction: "NY",
            chargeOffDate: "2015-01-10",
            consumer: new
            {
                firstName = "Ann",
                lastName = "Lee",
                language = "es",
                phones = new[] { new { number = "+13125550123", type = "landline" } },
                emails = new[] { new { address = "ann.lee@example.com", consent = true } },
            }));

        var streamed = Assert.Single(await StreamAsync(tenant, new StreamAccountsForStrategyRequest { ClientId = clientId.ToString() }));

        Assert.Equal(account.Id.ToString(), streamed.AccountId);
        Assert.True(streamed.TimeBarred);
        Assert.Equal(("es", "America/Chicago"), (streamed.Language, streamed.TimeZones.Single()));
        Assert.Equal("late-low-never-paid-landline-only", streamed.Segment);
        Assert.Empty(streamed.Holds);
        var phone = Assert.Single(streamed.Phones);
        Assert.Equal(("+13125550123", "landline", false, "America/Chicago"), (phone.Number, phone.Type, phone.AutodialerConsent, phone.TimeZone));
        var email = Assert.Single(streamed.Emails);
        Assert.Equal(("ann.lee@example.com", true), (email.Address, email.Consent));
        Assert.Empty(await StreamAsync(tenant, new StreamAccountsForStrategyRequest { ClientId = Guid.NewGuid().ToString() }));
    }

    [Theory]
    [InlineData("nope", "")]
    [InlineData("", "nope")]
    public async Task The_strategy_stream_with_a_malformed_id_is_an_invalid_argument(string after, string client)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await StreamAsync(tenantId, new StreamAccountsForStrategyRequest { AfterAccountId = after, ClientId = client }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private async Task<List<StrategyAccount>> StreamAsync(Guid tenant, StreamAccountsForStrategyRequest request)
    {
        using var call = Client().StreamAccountsForStrategy(request, TenantMetadata(tenant), cancellationToken: Cancel);
        var received = new List<StrategyAccount>();
        await foreach (var account in call.ResponseStream.ReadAllAsync(Cancel))
        {
            received.Add(account);
        }

        return received;
    }

    private async Task<List<StrategyAccount>> StreamBatchesAsync(Guid tenant, StreamAccountsForStrategyRequest request)
    {
        using var call = Client().StreamAccountBatchesForStrategy(request, TenantMetadata(tenant), cancellationToken: Cancel);
        var received = new List<StrategyAccount>();
        await foreach (var batch in call.ResponseStream.ReadAllAsync(Cancel))
        {
            Assert.NotEmpty(batch.Accounts);
            received.AddRange(batch.Accounts);
        }

        return received;
    }

    private static VerifyConsumerRequest Verification(string reference, string dateOfBirth, string postalCode) =>
        new() { AccountReference = reference, DateOfBirth = dateOfBirth, PostalCode = postalCode };

    private AccountsService.AccountsServiceClient Client() =>
        new(GrpcChannel.ForAddress(service.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = service.Server.CreateHandler() }));

    private static Metadata TenantMetadata(Guid tenant) => new() { { TenantHeaders.TenantId, tenant.ToString() } };

    private Task<AccountResponse> PlaceAsync(string reference, object? consumer = null, Guid? tenant = null) =>
        PlacedAsync(service.ClientFor(TestCallers.Client(tenant ?? tenantId, clientId)), Placement(reference, consumer: consumer));
}
