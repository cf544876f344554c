using System.Collections.Concurrent;
using System.Net;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Collections.Outreach.Tests;

/// <summary>
/// Stands in for the Accounts service's gRPC API on a real HTTP/2 loopback port: answers <c>GetConsumer</c> for
/// the consumers a test registers, per tenant (from the <c>x-tenant-id</c> metadata), NOT_FOUND otherwise, and
/// streams the accounts a test registers for the strategy run.
/// </summary>
public sealed class AccountsStub : AccountsService.AccountsServiceBase, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, string Consumer), ConsumerReply> consumers = new();
    private readonly ConcurrentDictionary<(string Tenant, string Account), StrategyAccount> strategyAccounts = new();
    private WebApplication? app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        app = builder.Build();
        app.MapGrpcService<AccountsStub>();
        await app.StartAsync();
        Address = new Uri(app.Urls.Single());
    }

    /// <summary>Makes <paramref name="consumer"/> known to the tenant.</summary>
    public void Add(Guid tenantId, ConsumerReply consumer) => consumers[(tenantId.ToString(), consumer.ConsumerId)] = consumer;

    /// <summary>Makes <paramref name="account"/> part of the tenant's strategy stream.</summary>
    public void AddForStrategy(Guid tenantId, StrategyAccount account) => strategyAccounts[(tenantId.ToString(), account.AccountId)] = account;

    public override async Task StreamAccountsForStrategy(StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccount> responseStream, ServerCallContext context)
    {
        var tenant = context.RequestHeaders.GetValue(TenantHeaders.TenantId) ?? "";
        foreach (var account in strategyAccounts.Where(a => a.Key.Tenant == tenant).Select(a => a.Value).OrderBy(a => a.AccountId, StringComparer.Ordinal))
        {
            if (string.CompareOrdinal(account.AccountId, request.AfterAccountId) > 0)
            {
                await responseStream.WriteAsync(account, context.CancellationToken);
            }
        }
    }

    public override Task<ConsumerReply> GetConsumer(GetConsumerRequest request, ServerCallContext context)
    {
        var tenant = context.RequestHeaders.GetValue(TenantHeaders.TenantId) ?? "";
        return consumers.TryGetValue((tenant, request.ConsumerId), out var consumer)
            ? Task.FromResult(consumer)
            : throw new RpcException(new Status(StatusCode.NotFound, "No such consumer."));
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
