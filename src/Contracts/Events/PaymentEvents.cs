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

    /// <summary>Who took the payment: a staff user id, "portal", "autopay" or "client" (optional, added later).</summary>
    public string? RecordedBy { get; init; }
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

/// <summary>A payment plan was agreed (or renegotiated, replacing <see cref="ReplacesPaymentPlanId"/>).</summary>
public sealed record PaymentPlanCreated : IntegrationEvent
{
    public required Guid PaymentPlanId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Total { get; init; }

    public required string Currency { get; init; }

    /// <summary>"weekly", "biweekly" or "monthly".</summary>
    public required string Frequency { get; init; }

    public required int InstalmentCount { get; init; }

    public required DateOnly FirstDueDate { get; init; }

    /// <summary>A staff user id, "portal" or "client".</summary>
    public required string CreatedBy { get; init; }

    public Guid? ReplacesPaymentPlanId { get; init; }

    /// <summary>The settlement this plan pays, if any.</summary>
    public Guid? SettlementId { get; init; }
}

/// <summary>A plan instalment falls due soon: Outreach sends the consumer a reminder.</summary>
public sealed record PaymentInstalmentDue : IntegrationEvent
{
    public required Guid PaymentPlanId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required int InstalmentNumber { get; init; }

    public required DateOnly DueDate { get; init; }

    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>True when the stored method will be charged automatically on the due date.</summary>
    public required bool Autopay { get; init; }
}

/// <summary>A settlement was agreed within the authority of whoever approved it.</summary>
public sealed record SettlementAgreed : IntegrationEvent
{
    public required Guid SettlementId { get; init; }

    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Amount { get; init; }

    public required decimal BalanceAtOffer { get; init; }

    public required string Currency { get; init; }

    /// <summary>Percent off the balance.</summary>
    public required decimal DiscountPercent { get; init; }

    /// <summary>"agent", "supervisor" or "client".</summary>
    public required string ApprovedBy { get; init; }
}

/// <summary>A remittance statement to a client was issued for a period.</summary>
public sealed record RemittanceStatementIssued : IntegrationEvent
{
    public required Guid StatementId { get; init; }

    public required Guid ClientId { get; init; }

    public required DateOnly PeriodStart { get; init; }

    /// <summary>Inclusive.</summary>
    public required DateOnly PeriodEnd { get; init; }

    public required decimal Collected { get; init; }

    public required decimal Reversed { get; init; }

    public required decimal Fees { get; init; }

    public required decimal NetDue { get; init; }

    public required string Currency { get; init; }
}
