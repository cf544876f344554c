using Collections.Accounts.Infrastructure;
using Collections.Contracts.Grpc.Accounts;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Money = Collections.Contracts.Grpc.Money;

namespace Collections.Accounts.Grpc;

/// <summary>Account details for the other services, always within the caller's tenant.</summary>
public sealed class AccountsGrpcService(AccountsDbContext db) : AccountsService.AccountsServiceBase
{
    public override async Task<AccountReply> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.AccountId, out var accountId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "account_id must be a GUID."));
        }

        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Account {accountId} was not found."));

        return new AccountReply
        {
            AccountId = account.Id.ToString(),
            TenantId = account.TenantId.ToString(),
            ClientReference = account.ClientReference,
            OriginalCreditor = account.OriginalCreditor,
            CurrentCreditor = account.CurrentCreditor,
            ConsumerName = $"{account.ConsumerFirstName} {account.ConsumerLastName}",
            Jurisdiction = account.Jurisdiction,
            Status = account.Status.ToString(),
            Principal = Money.From(account.Principal, account.Currency),
            Interest = Money.From(account.Interest, account.Currency),
            Fees = Money.From(account.Fees, account.Currency),
            TotalBalance = Money.From(account.Balance, account.Currency),
            PlacedAt = Timestamp.FromDateTimeOffset(account.PlacedAt),
        };
    }
}
