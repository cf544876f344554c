using System.Collections.Concurrent;
using Collections.Contracts.Grpc;
using Collections.Contracts.Grpc.Accounts;
using Grpc.Core;

namespace Collections.Payments.Tests;

/// <summary>The Accounts service's gRPC client answering from balances the tests set; NOT_FOUND for any other account.</summary>
public sealed class FakeAccountsService : AccountsService.AccountsServiceClient
{
    private readonly ConcurrentDictionary<Guid, (decimal Balance, string Currency)> balances = new();

    public void SetBalance(Guid accountId, decimal balance, string currency = "USD") => balances[accountId] = (balance, currency);

    public override AsyncUnaryCall<AccountReply> GetAccountAsync(GetAccountRequest request, CallOptions options)
    {
        if (!Guid.TryParse(request.AccountId, out var accountId) || !balances.TryGetValue(accountId, out var account))
        {
            var status = new Status(StatusCode.NotFound, "No such account.");
            return new AsyncUnaryCall<AccountReply>(
                Task.FromException<AccountReply>(new RpcException(status)), Task.FromResult(new Metadata()), () => status, () => new Metadata(), () => { });
        }

        var reply = new AccountReply
        {
            AccountId = request.AccountId,
            TotalBalance = Money.From(account.Balance, account.Currency),
        };
        return new AsyncUnaryCall<AccountReply>(Task.FromResult(reply), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => new Metadata(), () => { });
    }
}
