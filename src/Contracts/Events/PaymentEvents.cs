namespace Collections.Contracts.Events;

/// <summary>
/// A payment the processor approved was posted to an account. Accounts applies it to the balances
/// in the client's payment application order; Reporting counts it as collected.
/// </summary>
public sealed record PaymentPosted : IntegrationEvent
{
    public required Guid PaymentId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Amount { get; init; }

    /// <summary>ISO 4217 code of <see cref="Amount"/>.</summary>
    public required string Currency { get; init; }

    /// <summary>"card" or "ach".</summary>
    public required string Method { get; init; }

    /// <summary>The settlement this payment pays towards, if any.</summary>
    public Guid? SettlementId { get; init; }

    /// <summary>The payment plan instalment this payment pays, if any.</summary>
    public Guid? PaymentPlanId { get; init; }
}

/// <summary>A posted payment was taken back (an ACH return, a chargeback, a refund): Accounts restores the balance.</summary>
public sealed record PaymentReversed : IntegrationEvent
{
    public required Guid PaymentId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>Why, e.g. "ach-return:R01", "chargeback", "refund".</summary>
    public required string Reason { get; init; }
}

/// <summary>A settlement was paid in full: Accounts closes the account as settled in full.</summary>
public sealed record SettlementFulfilled : IntegrationEvent
{
    public required Guid SettlementId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal SettledAmount { get; init; }

    public required string Currency { get; init; }
}

/// <summary>A payment plan was broken (an instalment unpaid after the grace period): Outreach re-queues the account.</summary>
public sealed record PaymentPlanBroken : IntegrationEvent
{
    public required Guid PaymentPlanId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required DateOnly MissedDueDate { get; init; }
}
