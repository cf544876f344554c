using System.Collections.Concurrent;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Collections.Contracts.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Outreach.Tests;

/// <summary>An account as the test's Accounts service holds it.</summary>
public sealed record TestAccount(
    Guid TenantId, Guid AccountId, Guid ClientId, Guid ConsumerId, string Segment, string Jurisdiction = "NY",
    string FirstName = "Ann", string LastName = "Lee", string Language = "en", string[]? Holds = null,
    string? Mobile = "+12125550100", string? Email = "ann.lee@example.com", decimal Balance = 1250.00m, DateTimeOffset? LastPaymentAt = null);

/// <summary>
/// The Accounts gRPC service as the tests need it: in-memory accounts, served by Kestrel on a loopback HTTP/2 port so
/// Outreach calls it over a real gRPC channel, with the tenant taken from the call's metadata as Accounts does.
/// </summary>
public sealed class InMemoryAccountsService : AccountsService.AccountsServiceBase, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, TestAccount> accounts = new();
    private readonly WebApplication host;

    public InMemoryAccountsService()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        host = builder.Build();
        host.MapGrpcService<InMemoryAccountsService>();
        host.StartAsync().GetAwaiter().GetResult();
        Address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Where the service listens, e.g. http://127.0.0.1:40123.</summary>
    public string Address { get; }

    public void Put(TestAccount account) => accounts[account.AccountId] = account;

    /// <summary>Whether <c>StreamAccountBatchesForStrategy</c> is offered (two accounts per message); else it is UNIMPLEMENTED, as on an older Accounts.</summary>
    public bool OffersBatches { get; set; } = true;

    public override async Task StreamAccountsForStrategy(StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccount> responseStream, ServerCallContext context)
    {
        foreach (var reply in StrategyAccounts(request, context))
        {
            await responseStream.WriteAsync(reply, context.CancellationToken);
        }
    }

    public override async Task StreamAccountBatchesForStrategy(StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccountBatch> responseStream, ServerCallContext context)
    {
        if (!OffersBatches)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "No batched stream."));
        }

        foreach (var chunk in StrategyAccounts(request, context).Chunk(2))
        {
            var batch = new StrategyAccountBatch();
            batch.Accounts.AddRange(chunk);
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }

    private IEnumerable<StrategyAccount> StrategyAccounts(StreamAccountsForStrategyRequest request, ServerCallContext context)
    {
        var tenantId = TenantOf(context);
        var after = Guid.TryParse(request.AfterAccountId, out var a) ? a : (Guid?)null;
        foreach (var account in accounts.Values.Where(x => x.TenantId == tenantId).OrderBy(x => x.AccountId.ToString(), StringComparer.Ordinal))
        {
            if (after is { } last && string.CompareOrdinal(account.AccountId.ToString(), last.ToString()) <= 0)
            {
                continue;
            }

            var reply = new StrategyAccount
            {
                AccountId = account.AccountId.ToString(),
                ClientId = account.ClientId.ToString(),
                ConsumerId = account.ConsumerId.ToString(),
                Status = "Active",
                Jurisdiction = account.Jurisdiction,
                Segment = account.Segment,
                Score = 500,
                TotalBalance = Money(account.Balance),
                PlacedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-40)),
                Language = account.Language,
            };
            reply.Holds.AddRange(account.Holds ?? []);
            reply.TimeZones.Add("America/New_York");
            if (account.LastPaymentAt is { } paid)
            {
                reply.LastPaymentAt = Timestamp.FromDateTimeOffset(paid);
            }

            yield return reply;
        }
    }

    public override Task<ConsumerReply> GetConsumer(GetConsumerRequest request, ServerCallContext context)
    {
        var tenantId = TenantOf(context);
        var account = accounts.Values.FirstOrDefault(x => x.TenantId == tenantId && x.ConsumerId.ToString() == request.ConsumerId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No such consumer."));
        var reply = new ConsumerReply { ConsumerId = request.ConsumerId, FirstName = account.FirstName, LastName = account.LastName, Language = account.Language };
        reply.TimeZones.Add("America/New_York");
        if (account.Mobile is { } mobile)
        {
            reply.Phones.Add(new PhoneNumber { Number = mobile, Type = "mobile", AutodialerConsent = true, ConsentGivenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-60)) });
        }

        if (account.Email is { } email)
        {
            reply.Emails.Add(new EmailAddress { Address = email, Consent = true });
        }

        return Task.FromResult(reply);
    }

    public override Task<AccountReply> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        var tenantId = TenantOf(context);
        var account = accounts.Values.FirstOrDefault(x => x.TenantId == tenantId && x.AccountId.ToString() == request.AccountId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No such account."));
        return Task.FromResult(new AccountReply
        {
            AccountId = request.AccountId,
            TenantId = tenantId.ToString(),
            ClientReference = "A-" + account.AccountId.ToString()[..8],
            OriginalCreditor = "Acme <Bank> & Co",
            CurrentCreditor = "Acme <Bank> & Co",
            ConsumerName = $"{account.FirstName} {account.LastName}",
            Jurisdiction = account.Jurisdiction,
            Status = "Active",
            TotalBalance = Money(account.Balance),
            ClientId = account.ClientId.ToString(),
            ConsumerId = account.ConsumerId.ToString(),
            PlacedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        await host.DisposeAsync();
    }

    private static Money Money(decimal amount) => new()
    {
        CurrencyCode = "USD",
        Units = (long)decimal.Truncate(amount),
        Nanos = (int)((amount - decimal.Truncate(amount)) * 1_000_000_000m),
    };

    private static Guid TenantOf(ServerCallContext context) =>
        Guid.TryParse(context.RequestHeaders.GetValue(TenantHeaders.TenantId), out var tenantId)
            ? tenantId
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "x-tenant-id is required."));
}
