using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>How a consumer pays: by card or by bank account (ACH debit).</summary>
public enum PaymentMethodKind
{
    Card,
    Ach,
}

/// <summary>Where a payment stands.</summary>
public enum PaymentStatus
{
    /// <summary>The processor refused it; nothing was posted.</summary>
    Declined,

    /// <summary>Approved and posted to the account.</summary>
    Posted,

    /// <summary>An ACH debit, posted but still returnable until it settles.</summary>
    PendingSettlement,

    /// <summary>Posted, then taken back (an ACH return, a chargeback).</summary>
    Reversed,
}

/// <summary>
/// One attempt to pay an account. Keeps only what the processor returned about the payment method
/// (token, brand or bank, last four digits), never a card or account number.
/// </summary>
public sealed class Payment : ITenantOwned, IAccountParties
{
    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "";

    public PaymentMethodKind Method { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string PaymentToken { get; private set; } = "";

    public string? Brand { get; private set; }

    public string? LastFour { get; private set; }

    public string? ProcessorChargeId { get; private set; }

    public string? DeclineCode { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReversedAt { get; private set; }

    public string? ReversalReason { get; private set; }

    /// <summary>The payment plan whose instalment this pays, if any.</summary>
    public Guid? PaymentPlanId { get; private set; }

    public int? InstalmentNumber { get; private set; }

    /// <summary>The settlement this pays towards, if any.</summary>
    public Guid? SettlementId { get; private set; }

    /// <summary>Marks what the payment pays: a plan's instalment, a settlement, or both.</summary>
    public void Towards(Guid? paymentPlanId, int? instalmentNumber, Guid? settlementId)
    {
        PaymentPlanId = paymentPlanId;
        InstalmentNumber = instalmentNumber;
        SettlementId = settlementId;
    }

    /// <summary>Records the processor's answer to a charge for <paramref name="account"/>.</summary>
    public static Payment From(PayableAccount account, decimal amount, PaymentMethodKind method, string token, ChargeOutcome outcome, DateTimeOffset now)
    {
        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            Amount = amount,
            Currency = account.Currency,
            Method = method,
            PaymentToken = token,
            CreatedAt = now,
        };
        switch (outcome)
        {
            case ChargeApproved approved:
                payment.Status = approved.SettlesLater ? PaymentStatus.PendingSettlement : PaymentStatus.Posted;
                payment.ProcessorChargeId = approved.ChargeId;
                payment.Brand = approved.Brand;
                payment.LastFour = approved.LastFour;
                break;
            case ChargeDeclined declined:
                payment.Status = PaymentStatus.Declined;
                payment.DeclineCode = declined.DeclineCode;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown charge outcome.");
        }

        return payment;
    }

    /// <summary>True when the money counts as collected (posted, settled or not).</summary>
    public bool IsPosted => Status is PaymentStatus.Posted or PaymentStatus.PendingSettlement;

    /// <summary>Takes a posted payment back; false when it was not posted or is already reversed.</summary>
    public bool Reverse(string reason, DateTimeOffset now)
    {
        if (!IsPosted)
        {
            return false;
        }

        Status = PaymentStatus.Reversed;
        ReversedAt = now;
        ReversalReason = reason;
        return true;
    }
}
