namespace Collections.Contracts.Events;

/// <summary>
/// A tenant created a client (creditor) or changed what it agreed with it. Payments applies the
/// settlement authority and payment application order; remittance uses the contingency fee.
/// </summary>
public sealed record ClientSettingsChanged : IntegrationEvent
{
    public required Guid ClientId { get; init; }

    public required string ClientName { get; init; }

    /// <summary>Share of collected money the tenant keeps, in percent.</summary>
    public required decimal ContingencyFeePercent { get; init; }

    /// <summary>Deepest settlement discount (percent off the balance) an agent may grant alone.</summary>
    public required decimal AgentSettlementDiscountPercent { get; init; }

    /// <summary>Deepest settlement discount a supervisor may approve; deeper needs the client.</summary>
    public required decimal SupervisorSettlementDiscountPercent { get; init; }

    /// <summary>Balance parts in the order a payment is applied to them: "fees", "interest", "principal".</summary>
    public required IReadOnlyList<string> PaymentApplicationOrder { get; init; }
}
