using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>Where an account is in its life with the agency.</summary>
public enum AccountStatus
{
    Placed,
    InValidationPeriod,
    Active,
    PaidInFull,
    SettledInFull,
    Recalled,
    ReturnedUncollectible,
}

/// <summary>One debt placed by a client with a tenant: the system of record for its balances and status.</summary>
public sealed class Account : ITenantOwned, IAccountParties
{
    private Account()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The client business that placed the account.</summary>
    public Guid ClientId { get; private set; }

    /// <summary>The client's own reference; unique per client of a tenant, so re-sending a placement creates nothing twice.</summary>
    public string ClientReference { get; private set; } = "";

    public string OriginalCreditor { get; private set; } = "";

    public string CurrentCreditor { get; private set; } = "";

    public Guid ConsumerId { get; private set; }

    /// <summary>The person who owes the debt.</summary>
    public Consumer Consumer { get; private set; } = null!;

    /// <summary>US state (or territory) whose rules apply.</summary>
    public string Jurisdiction { get; private set; } = "";

    /// <summary>ISO 4217 currency of every balance of the account.</summary>
    public string Currency { get; private set; } = "";

    public decimal Principal { get; private set; }

    public decimal Interest { get; private set; }

    public decimal Fees { get; private set; }

    public decimal Balance => Principal + Interest + Fees;

    public AccountStatus Status { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    /// <summary>Places a new account owed by <paramref name="consumer"/>; the inputs are already validated at the edge.</summary>
    public static Account Place(Guid tenantId, PlacementDetails details, Consumer consumer, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        ClientId = details.ClientId,
        ClientReference = details.ClientReference,
        OriginalCreditor = details.OriginalCreditor,
        CurrentCreditor = details.CurrentCreditor ?? details.OriginalCreditor,
        ConsumerId = consumer.Id,
        Consumer = consumer,
        Jurisdiction = details.Jurisdiction,
        Currency = details.Currency,
        Principal = details.Principal,
        Interest = details.Interest,
        Fees = details.Fees,
        Status = AccountStatus.Placed,
        PlacedAt = now,
    };

    /// <summary>
    /// Whether a re-sent placement describes this same account. Re-sending is harmless; sending
    /// different facts under the same reference is a conflict the client must resolve. Needs
    /// <see cref="Consumer"/> loaded.
    /// </summary>
    public bool IsSamePlacementAs(PlacementDetails details) =>
        ClientId == details.ClientId
        && ClientReference == details.ClientReference
        && OriginalCreditor == details.OriginalCreditor
        && CurrentCreditor == (details.CurrentCreditor ?? details.OriginalCreditor)
        && Consumer.IsIdentifiedBy(details.Consumer)
        && Jurisdiction == details.Jurisdiction
        && Currency == details.Currency
        && Principal == details.Principal
        && Interest == details.Interest
        && Fees == details.Fees;
}

/// <summary>The facts a client states when it places an account.</summary>
public sealed record PlacementDetails(
    Guid ClientId,
    string ClientReference,
    string OriginalCreditor,
    string? CurrentCreditor,
    StatedConsumer Consumer,
    string Jurisdiction,
    string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees);
