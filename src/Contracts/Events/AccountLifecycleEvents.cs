namespace Collections.Contracts.Events;

/// <summary>An account moved from one status to another (e.g. "Active" → "PaidInFull").</summary>
public sealed record AccountStatusChanged : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required string Reason { get; init; }
}

/// <summary>A hold was placed on or released from an account; <see cref="Holds"/> is the full set after the change.</summary>
public sealed record AccountHoldChanged : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    /// <summary>"dispute", "cease-communication", "attorney-representation", "bankruptcy", "deceased".</summary>
    public required string Hold { get; init; }

    public required bool Placed { get; init; }

    public required IReadOnlyList<string> Holds { get; init; }
}

/// <summary>An account's balances changed (payment, reversal, adjustment, correction).</summary>
public sealed record AccountBalanceChanged : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required decimal Principal { get; init; }

    public required decimal Interest { get; init; }

    public required decimal Fees { get; init; }

    public required decimal Balance { get; init; }

    public required string Currency { get; init; }

    /// <summary>What changed it, e.g. "payment:{id}", "reversal:{id}", "adjustment:{id}".</summary>
    public required string Cause { get; init; }
}

/// <summary>The client recalled the account: contact stops, it is no longer the tenant's to collect.</summary>
public sealed record AccountRecalled : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    public required string Reason { get; init; }
}

/// <summary>
/// Accounts recomputed an account's segment and propensity-to-pay score on an event that changes its
/// inputs (payments, contacts, holds). Outreach picks the strategy by segment. The segment and score an
/// account gets at placement travel on <see cref="AccountPlaced"/> (events published before that field
/// existed were followed by an <c>AccountSegmented</c> with cause "placement").
/// </summary>
public sealed record AccountSegmented : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    public required Guid ClientId { get; init; }

    /// <summary>Segment code, e.g. "early-low-never-paid-contactable".</summary>
    public required string Segment { get; init; }

    /// <summary>Propensity to pay, 0..1000 (higher pays more likely).</summary>
    public required int Score { get; init; }

    /// <summary>What triggered the computation, e.g. "placement", "payment:{id}".</summary>
    public required string Cause { get; init; }
}
