using System.Globalization;
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

        var account = await db.Accounts.AsNoTracking().Include(a => a.Consumer).SingleOrDefaultAsync(a => a.Id == accountId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Account {accountId} was not found."));

        return new AccountReply
        {
            AccountId = account.Id.ToString(),
            TenantId = account.TenantId.ToString(),
            ClientId = account.ClientId.ToString(),
            ClientReference = account.ClientReference,
            OriginalCreditor = account.OriginalCreditor,
            CurrentCreditor = account.CurrentCreditor,
            ConsumerId = account.ConsumerId.ToString(),
            ConsumerName = $"{account.Consumer.FirstName} {account.Consumer.LastName}",
            Jurisdiction = account.Jurisdiction,
            Status = account.Status.ToString(),
            Principal = Money.From(account.Principal, account.Currency),
            Interest = Money.From(account.Interest, account.Currency),
            Fees = Money.From(account.Fees, account.Currency),
            TotalBalance = Money.From(account.Balance, account.Currency),
            PlacedAt = Timestamp.FromDateTimeOffset(account.PlacedAt),
        };
    }

    /// <summary>
    /// Whether the facts someone gives at portal sign-in are those of the consumer of an account of
    /// the tenant. Every mismatch (unknown reference, wrong date of birth, wrong postal code) gets the
    /// same reply, so a caller cannot find out which fact was wrong or whether the reference exists.
    /// </summary>
    public override async Task<VerifyConsumerReply> VerifyConsumer(VerifyConsumerRequest request, ServerCallContext context)
    {
        var reference = request.AccountReference.Trim();
        if (reference.Length == 0 || string.IsNullOrWhiteSpace(request.PostalCode)
            || !DateOnly.TryParseExact(request.DateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateOfBirth))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument, "account_reference, date_of_birth (yyyy-MM-dd) and postal_code are all required."));
        }

        // Different clients of a tenant may use the same reference: any of their accounts can match.
        var consumers = await db.Accounts.AsNoTracking()
            .Where(a => a.ClientReference == reference)
            .OrderBy(a => a.PlacedAt)
            .Select(a => a.Consumer)
            .ToListAsync(context.CancellationToken);
        var proven = consumers.FirstOrDefault(c => c.IsProvenBy(dateOfBirth, request.PostalCode));
        return proven is null
            ? new VerifyConsumerReply { Matched = false }
            : new VerifyConsumerReply { Matched = true, ConsumerId = proven.Id.ToString() };
    }
}
