using Collections.Contracts.Grpc.Accounts;
using Grpc.Core;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// An account's current balance, asked of Accounts (the system of record) over gRPC: Payments's
/// own copy is only good for a payment's upper bound, not for what a plan or settlement is worth.
/// </summary>
public static class AccountBalances
{
    /// <summary>The balance and its currency; null when Accounts does not know the account in the tenant.</summary>
    public static async Task<(decimal Balance, string Currency)?> FetchAsync(AccountsService.AccountsServiceClient accounts, Guid accountId, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await accounts.GetAccountAsync(new GetAccountRequest { AccountId = accountId.ToString() }, cancellationToken: cancellationToken);
            return (reply.TotalBalance.ToDecimal(), reply.TotalBalance.CurrencyCode);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException error)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "balance-unavailable", "Balance unavailable", $"The balance could not be read from Accounts ({error.StatusCode}); try again.");
        }
    }
}
