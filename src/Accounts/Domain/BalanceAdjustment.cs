using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>The kinds of balance adjustment a client (or staff) may make.</summary>
public static class AdjustmentKinds
{
    /// <summary>Reduces the balance in the client's payment application order.</summary>
    public const string Credit = "credit";

    public const string FeeWaiver = "fee-waiver";

    public const string InterestWaiver = "interest-waiver";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Credit, FeeWaiver, InterestWaiver };
}

/// <summary>A reduction of an account's balances, identified by the caller's adjustment id so a retry applies it once.</summary>
public sealed class BalanceAdjustment : ITenantOwned
{
    private BalanceAdjustment()
    {
    }

    public Guid AdjustmentId { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public string Kind { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string Reason { get; private set; } = "";

    public decimal ToFees { get; private set; }

    public decimal ToInterest { get; private set; }

    public decimal ToPrincipal { get; private set; }

    public string MadeBy { get; private set; } = "";

    public DateTimeOffset MadeAt { get; private set; }

    /// <summary>Whether a repeat of the request carries the same facts (then it is answered, not applied again).</summary>
    public bool IsSameAs(Guid accountId, string kind, decimal amount, string reason) =>
        AccountId == accountId && Kind == kind && Amount == amount && Reason == reason;

    internal static BalanceAdjustment For(Account account, Guid adjustmentId, string kind, decimal amount, string reason, Allocation allocation, ChangeContext context) => new()
    {
        AdjustmentId = adjustmentId,
        TenantId = account.TenantId,
        AccountId = account.Id,
        Kind = kind,
        Amount = amount,
        Reason = reason,
        ToFees = allocation.Fees,
        ToInterest = allocation.Interest,
        ToPrincipal = allocation.Principal,
        MadeBy = context.Who,
        MadeAt = context.At,
    };
}

/// <summary>An adjustment the account's balances cannot take (e.g. a waiver above the fees owed); the API answers 422.</summary>
public sealed class AdjustmentRefusedException(string detail) : BusinessRuleException(
    RuleViolationKind.Unprocessable, "adjustment-refused", "Adjustment not possible", detail);
