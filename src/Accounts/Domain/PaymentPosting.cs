using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>
/// One payment applied to an account and what it took from each balance part, kept so a reversal
/// restores exactly that, and so a payment published twice is applied once.
/// </summary>
public sealed class PaymentPosting : ITenantOwned
{
    private PaymentPosting()
    {
    }

    public Guid PaymentId { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "";

    public decimal ToFees { get; private set; }

    public decimal ToInterest { get; private set; }

    public decimal ToPrincipal { get; private set; }

    /// <summary>What exceeded the balance and was kept as credit.</summary>
    public decimal ToCredit { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    /// <summary>False when the payment was refused (another currency) — recorded so it is not reconsidered.</summary>
    public bool Applied { get; private set; }

    public DateTimeOffset? ReversedAt { get; private set; }

    /// <summary>The last payment date before this one, restored when it is reversed.</summary>
    public DateOnly? PreviousLastPaymentDate { get; private set; }

    internal static PaymentPosting For(Account account, Guid paymentId, decimal amount, string currency, Allocation? allocation, DateTimeOffset at) => new()
    {
        PaymentId = paymentId,
        TenantId = account.TenantId,
        AccountId = account.Id,
        Amount = amount,
        Currency = currency,
        ToFees = allocation?.Fees ?? 0,
        ToInterest = allocation?.Interest ?? 0,
        ToPrincipal = allocation?.Principal ?? 0,
        ToCredit = allocation?.Credit ?? 0,
        PostedAt = at,
        Applied = allocation is not null,
        PreviousLastPaymentDate = account.LastPaymentDate,
    };

    internal void MarkReversed(DateTimeOffset at) => ReversedAt = at;
}
