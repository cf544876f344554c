namespace Collections.Web.Gateway;

// The shapes of the services' responses the front end reads (see each service's OpenAPI document at
// /openapi/{service}.json). Only the fields the pages use; unknown fields are ignored.

/// <summary>Accounts' <c>AccountResponse</c>.</summary>
public sealed record Account(
    Guid Id,
    Guid ClientId,
    string ClientReference,
    string OriginalCreditor,
    string CurrentCreditor,
    Guid ConsumerId,
    string Jurisdiction,
    string Status,
    string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    decimal Balance,
    DateTimeOffset PlacedAt,
    decimal Credit,
    IReadOnlyList<string> Holds,
    DateOnly? DelinquencyDate,
    DateOnly? ChargeOffDate,
    DateOnly? LastPaymentDate);

/// <summary>Accounts' <c>AccountPage</c>.</summary>
public sealed record AccountPage(IReadOnlyList<Account> Items, int Page, int PageSize, int TotalItems, string? NextCursor);
