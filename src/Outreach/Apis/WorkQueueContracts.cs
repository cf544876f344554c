using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;

namespace Collections.Outreach.Apis;

/// <summary>The account an agent should call now, leased to them until <paramref name="LeasedUntil"/>.</summary>
/// <param name="Account">What the agent needs to know about the account.</param>
/// <param name="Numbers">The compliance engine's verdict now for a call to each known number of the consumer.</param>
/// <param name="Disclosure">The disclosure (mini-Miranda) to read.</param>
/// <param name="Entries">Why the account is in the queue.</param>
/// <param name="Priority">score × balance × hours since last contact (see README).</param>
/// <param name="LeasedUntil">Until when no other agent is handed this account.</param>
public sealed record WorkItem(
    AccountSummary Account,
    IReadOnlyList<NumberVerdict> Numbers,
    Disclosure Disclosure,
    IReadOnlyList<QueueEntryResponse> Entries,
    double Priority,
    DateTimeOffset LeasedUntil);

/// <summary>An account as the agent sees it in the work queue.</summary>
public sealed record AccountSummary(
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
    PromiseResponse? OpenPromise);

/// <summary>May the agent call this number now? Blocked with every reason and, when temporary, when it lifts.</summary>
public sealed record NumberVerdict(string Number, string Type, bool Allowed, IReadOnlyList<BlockReason> Reasons, DateTimeOffset? EarliestAllowedAt);

/// <summary>A queued call: its queue ("standard" or "senior"), its reason ("strategy", "callback", "broken-promise", "escalation" or "plan-broken"), from when it may be handed out, and when it was done.</summary>
public sealed record QueueEntryResponse(Guid Id, Guid AccountId, string Queue, string Reason, DateTimeOffset NotBefore, string? CallbackNumber, DateTimeOffset? CompletedAt)
{
    public static QueueEntryResponse From(QueuedCall q) => new(q.Id, q.AccountId, q.Queue, q.Reason, q.NotBefore, q.CallbackNumber, q.CompletedAt);
}

/// <summary>A promise to pay: its status ("Open", "Kept" or "Broken"), what was paid toward it, and when it breaks if still unpaid (the end of the due date plus the grace days in the consumer's zone).</summary>
public sealed record PromiseResponse(
    Guid Id, Guid AccountId, decimal Amount, string Currency, DateOnly DueDate, string PaymentChannel, string Status, decimal AmountPaid, DateTimeOffset MadeAt, DateTimeOffset BreaksAt, DateTimeOffset? ResolvedAt, Guid? AttemptId)
{
    public static PromiseResponse From(PromiseToPay p) =>
        new(p.Id, p.AccountId, p.Amount, p.Currency, p.DueDate, p.PaymentChannel, p.Status.ToString(), p.AmountPaid, p.MadeAt, p.BreaksAt, p.ResolvedAt, p.AttemptId);
}

/// <summary>A promise to pay taken from the consumer.</summary>
/// <param name="Amount">Positive, at most the balance when the balance is known.</param>
/// <param name="Currency">ISO 4217, the account's currency.</param>
/// <param name="DueDate">The consumer's local date (yyyy-MM-dd), from today to 90 days ahead.</param>
/// <param name="PaymentChannel">"card", "ach", "check" or "other".</param>
/// <param name="AttemptId">The contact attempt during which it was made, if any.</param>
public sealed record MakePromiseRequest(decimal Amount, string? Currency, DateOnly? DueDate, string? PaymentChannel, Guid? AttemptId)
{
    public static readonly string[] Channels = ["card", "ach", "check", "other"];
}

/// <summary>The consumer asked to be called back.</summary>
/// <param name="At">When (an instant, within the next 30 days). The compliance engine still decides when it comes up.</param>
/// <param name="PhoneNumber">E.164 number to call.</param>
public sealed record CallbackRequest(DateTimeOffset? At, string? PhoneNumber);
