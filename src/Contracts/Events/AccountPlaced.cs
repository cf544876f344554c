namespace Collections.Contracts.Events;

/// <summary>A client placed a new account with a tenant; it is now the tenant's to collect.</summary>
public sealed record AccountPlaced : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    /// <summary>The client (creditor) that placed the account.</summary>
    public Guid ClientId { get; init; }

    /// <summary>The client's own reference for the account, unique per client.</summary>
    public required string ClientReference { get; init; }

    /// <summary>US state (or other jurisdiction) whose rules apply, e.g. "MA".</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>ISO 4217 currency of every amount below.</summary>
    public required string Currency { get; init; }

    public required decimal Principal { get; init; }

    public required decimal Interest { get; init; }

    public required decimal Fees { get; init; }

    /// <summary>Principal + interest + fees at placement.</summary>
    public required decimal PlacedBalance { get; init; }
}
