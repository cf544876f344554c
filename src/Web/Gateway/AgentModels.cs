namespace Collections.Web.Gateway;

// Shapes of the services' responses the agent workspace reads (OpenAPI documents at /openapi/{service}.json).
// Only the fields the pages use; unknown fields are ignored.

/// <summary>Outreach's <c>WorkItem</c>: the account an agent should call now, leased to them.</summary>
public sealed record WorkItem(
    WorkAccountSummary Account,
    IReadOnlyList<NumberVerdict> Numbers,
    Disclosure Disclosure,
    IReadOnlyList<QueueEntry> Entries,
    double Priority,
    DateTimeOffset LeasedUntil);

/// <summary>Outreach's <c>AccountSummary</c>.</summary>
public sealed record WorkAccountSummary(
    Guid AccountId,
    Guid ConsumerId,
    string ConsumerName,
    string Jurisdiction,
    string Status,
    decimal Balance,
    string Currency,
    int? Score,
    string? Segment,
    DateTimeOffset? LastContactAt,
    int FailedAttempts,
    int BrokenPromises,
    DateTimeOffset? EscalatedAt,
    Promise? OpenPromise);

/// <summary>The compliance engine's verdict for a call to one number now.</summary>
public sealed record NumberVerdict(string Number, string Type, bool Allowed, IReadOnlyList<BlockReason> Reasons, DateTimeOffset? EarliestAllowedAt);

/// <summary>Why the compliance engine blocks a contact, with the rule it rests on.</summary>
public sealed record BlockReason(string Code, string Message, string Citation, DateTimeOffset? LiftsAt);

/// <summary>Outreach's <c>DecisionResponse</c>.</summary>
public sealed record ContactDecision(bool Allowed, IReadOnlyList<BlockReason> Reasons, DateTimeOffset? EarliestAllowedAt, DateTimeOffset DecidedFor);

/// <summary>The disclosure (mini-Miranda) to read.</summary>
public sealed record Disclosure(string Language, bool FirstCommunication, string Script);

/// <summary>Outreach's <c>QueueEntryResponse</c>.</summary>
public sealed record QueueEntry(Guid Id, Guid AccountId, string Queue, string Reason, DateTimeOffset NotBefore, string? CallbackNumber, DateTimeOffset? CompletedAt);

/// <summary>Outreach's <c>PromiseResponse</c>.</summary>
public sealed record Promise(
    Guid Id, Guid AccountId, decimal Amount, string Currency, DateOnly DueDate, string PaymentChannel, string Status, decimal AmountPaid, DateTimeOffset MadeAt, DateTimeOffset BreaksAt);

/// <summary>Outreach's <c>AttemptResponse</c>.</summary>
public sealed record ContactAttempt(Guid Id, string Channel, string? PhoneNumber, string? PhoneType, string? EmailAddress, string Outcome, DateTimeOffset At, string RecordedBy);

/// <summary>Accounts' <c>ConsumerResponse</c>.</summary>
public sealed record Consumer(Guid Id, string FirstName, string LastName, string? Language, IReadOnlyList<ConsumerPhone> Phones, IReadOnlyList<string> TimeZones);

/// <summary>One of the consumer's phone numbers (E.164) with its type (mobile, landline, work).</summary>
public sealed record ConsumerPhone(string Number, string Type);

/// <summary>Accounts' <c>AccountHistoryItem</c>.</summary>
public sealed record AccountHistoryItem(DateTimeOffset At, string Who, string Change, string? From, string? To, string Why);

/// <summary>Disputes' <c>HistoryEntryResponse</c>.</summary>
public sealed record CaseHistoryItem(Guid CaseId, string CaseKind, string Action, string ActorId, string ActorKind, DateTimeOffset At, string? Note);

/// <summary>Disputes' <c>DisputeResponse</c>.</summary>
public sealed record DisputeCase(Guid Id, Guid AccountId, string Reason, string Channel, string? Details, string Status, bool HoldsCollection, DateTimeOffset OpenedAt);

/// <summary>Disputes' <c>ConsumerRequestResponse</c>.</summary>
public sealed record ConsumerRequestCase(Guid Id, Guid AccountId, string Kind, DateTimeOffset RecordedAt, DateTimeOffset? ReversedAt);

/// <summary>Payments' <c>PaymentResponse</c>.</summary>
public sealed record PaymentRecord(
    Guid PaymentId, Guid AccountId, decimal Amount, string Currency, string Method, string Status, string? Brand, string? LastFour, string? DeclineCode, DateTimeOffset CreatedAt);

/// <summary>Payments' <c>SettlementResponse</c>.</summary>
public sealed record StaffSettlement(
    Guid SettlementId, Guid AccountId, Guid ClientId, decimal Amount, decimal BalanceAtOffer, decimal DiscountPercent, string Currency, string Status,
    string RequiredApprover, string OfferedBy, DateTimeOffset OfferedAt, DateTimeOffset? ExpiresAt);

/// <summary>Payments' <c>PaymentPlanResponse</c> (without instalments' history).</summary>
public sealed record StaffPaymentPlan(
    Guid PaymentPlanId, Guid AccountId, string Status, decimal Total, string Currency, string Frequency, int InstalmentCount, DateOnly FirstDueDate,
    IReadOnlyList<StaffInstalment> Instalments);

/// <summary>One instalment of a plan.</summary>
public sealed record StaffInstalment(int Number, DateOnly DueDate, decimal Amount, string Status);

