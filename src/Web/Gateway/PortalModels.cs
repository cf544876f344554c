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

/// <summary>Disputes' <c>ValidationNoticeResponse</c>: the itemization the consumer was sent (12 CFR 1006.34).</summary>
public sealed record ValidationNotice(
    Guid AccountId,
    string CollectorName,
    string AccountReference,
    string CreditorOnItemizationDate,
    string CurrentCreditor,
    string Currency,
    DateOnly ItemizationDate,
    decimal AmountOnItemizationDate,
    decimal InterestSinceItemization,
    decimal FeesSinceItemization,
    decimal PaymentsSinceItemization,
    decimal CreditsSinceItemization,
    decimal CurrentAmount,
    DateOnly SentOn,
    DateOnly AssumedReceiptOn,
    DateOnly ValidationPeriodEndsOn,
    HowToDispute HowToDispute);

public sealed record HowToDispute(string PortalUrl, string MailingAddress, string Phone);

/// <summary>What the processor's tokenization answered in the browser (the number itself never comes here).</summary>
public sealed record PaymentToken(string Token, string Method, string Brand, string LastFour);

/// <summary>Payments' <c>PaymentResponse</c>.</summary>
public sealed record Payment(Guid PaymentId, Guid AccountId, decimal Amount, string Currency, string Method, string Status, string? Brand, string? LastFour, string? DeclineCode, DateTimeOffset CreatedAt);

/// <summary>Payments' <c>ReceiptResponse</c>.</summary>
public sealed record Receipt(Guid ReceiptId, string ReceiptNumber, Guid PaymentId, Guid AccountId, string ClientReference, decimal Amount, string Currency, string Method, string? Brand, string? LastFour, decimal RemainingBalance, DateTimeOffset PaidAt);

/// <summary>Payments' <c>PortalPlanRulesResponse</c>: the most instalments and the smallest instalment a consumer may choose.</summary>
public sealed record PlanRules(int MaxInstalments, decimal MinInstalmentAmount, bool TenantDefined);

/// <summary>Payments' <c>InstalmentResponse</c>.</summary>
public sealed record Instalment(int Number, DateOnly DueDate, decimal Amount, string Status, DateTimeOffset? PaidAt);

/// <summary>Payments' <c>PaymentPlanResponse</c>.</summary>
public sealed record PaymentPlan(Guid PaymentPlanId, Guid AccountId, string Status, decimal Total, string Currency, string Frequency, int InstalmentCount, DateOnly FirstDueDate, DateTimeOffset CreatedAt, bool Autopay, IReadOnlyList<Instalment> Instalments);

/// <summary>Payments' <c>SettlementResponse</c>.</summary>
public sealed record Settlement(Guid SettlementId, Guid AccountId, decimal Amount, decimal BalanceAtOffer, decimal DiscountPercent, string Currency, string Status, DateTimeOffset OfferedAt);

/// <summary>Disputes' <c>DisputeResponse</c>.</summary>
public sealed record Dispute(Guid Id, Guid AccountId, string Reason, string Channel, string? Details, string Status, bool WithinValidationPeriod, bool HoldsCollection, DateTimeOffset OpenedAt, string? Outcome, DateTimeOffset? ResolvedAt);

/// <summary>Outreach's <c>MessageResponse</c>: a message sent about the account.</summary>
public sealed record SentMessage(Guid Id, string Channel, string To, string? Subject, string Body, string Language, DateTimeOffset SentAt);

/// <summary>Outreach's <c>ContactPreferences</c>, kept whole so that saving changes only what the portal edits.</summary>
public sealed class ContactPreferences
{
    public List<string>? OptedOutMedia { get; set; }

    public List<string>? OptedOutNumbers { get; set; }

    public List<string>? OptedOutEmailAddresses { get; set; }

    public List<System.Text.Json.JsonElement>? TcpaConsents { get; set; }

    public List<InconvenientTime>? InconvenientTimes { get; set; }

    public bool EmployerProhibitsCalls { get; set; }

    public List<string>? ExtraTimeZones { get; set; }

    /// <summary>"Email" or "Sms" for reminders, or null for no preference.</summary>
    public string? PreferredChannel { get; set; }
}

/// <summary>A weekly window, in the consumer's local time, when they do not want to be contacted.</summary>
public sealed class InconvenientTime
{
    public DayOfWeek Day { get; set; }

    public TimeOnly Start { get; set; }

    public TimeOnly End { get; set; }
}
