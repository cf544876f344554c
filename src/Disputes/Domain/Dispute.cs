using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Disputes.Domain;

/// <summary>Where a dispute stands.</summary>
public enum DisputeStatus
{
    /// <summary>Opened; collection is held when <see cref="Dispute.HoldsCollection"/>.</summary>
    Open,

    /// <summary>Verification was sent to the consumer; the hold is released.</summary>
    VerificationSent,

    /// <summary>The account was closed or corrected after the dispute.</summary>
    Closed,
}

/// <summary>The reasons a consumer may give, and the channels a dispute may come through.</summary>
public static class DisputeVocabulary
{
    public static readonly IReadOnlySet<string> Reasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "not-mine", "wrong-amount", "paid-already", "identity-theft", "other",
    };

    public static readonly IReadOnlySet<string> Channels = new HashSet<string>(StringComparer.Ordinal)
    {
        "portal", "agent", "client", "mail",
    };

    /// <summary>After a dispute the account is either closed or its balances corrected.</summary>
    public static readonly IReadOnlySet<string> ClosingOutcomes = new HashSet<string>(StringComparer.Ordinal)
    {
        AccountClosed, Corrected,
    };

    public const string AccountClosed = "account-closed";
    public const string Corrected = "corrected";

    /// <summary>The client sent documents that verify the debt.</summary>
    public const string DocumentsProvided = "documents-provided";

    /// <summary>The client cannot verify the debt: verification cannot be sent, the dispute is closed or adjusted.</summary>
    public const string CannotVerify = "cannot-verify";

    /// <summary>The client has been asked for documents and has not answered yet.</summary>
    public const string DocumentsRequested = "documents-requested";

    /// <summary>What a client may answer a request for documents with.</summary>
    public static readonly IReadOnlySet<string> ClientResponses = new HashSet<string>(StringComparer.Ordinal)
    {
        DocumentsProvided, CannotVerify,
    };
}

/// <summary>
/// A consumer's dispute of a debt (12 CFR 1006.38). Inside the validation period it always holds
/// collection until verification is sent; after it, the tenant's policy decides.
/// </summary>
public sealed class Dispute : ITenantOwned, IAccountParties
{
    private const string CaseKind = "dispute";

    private Dispute()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    /// <summary>One of <see cref="DisputeVocabulary.Reasons"/>.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>One of <see cref="DisputeVocabulary.Channels"/>.</summary>
    public string Channel { get; private set; } = "";

    public string? Details { get; private set; }

    public DisputeStatus Status { get; private set; }

    public bool WithinValidationPeriod { get; private set; }

    public bool HoldsCollection { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>How the dispute ended: "verified", "account-closed" or "corrected"; null while open.</summary>
    public string? Outcome { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>
    /// Where verification stands: null before documents were asked for, then "documents-requested",
    /// then the client's answer, "documents-provided" or "cannot-verify".
    /// </summary>
    public string? VerificationStage { get; private set; }

    /// <summary>When the client was asked for the documents.</summary>
    public DateTimeOffset? DocumentsRequestedAt { get; private set; }

    /// <summary>When the client's answer is due.</summary>
    public DateTimeOffset? DocumentsRespondBy { get; private set; }

    /// <summary>When the client answered.</summary>
    public DateTimeOffset? ClientRespondedAt { get; private set; }

    /// <summary>What the client said with its answer.</summary>
    public string? ClientResponseNote { get; private set; }

    /// <summary>
    /// Opens a dispute on <paramref name="account"/>. <paramref name="period"/> is null when no validation
    /// notice was produced yet: then the period has not even begun, so the dispute counts as within it.
    /// </summary>
    public static (Dispute Dispute, CaseHistoryEntry History) Open(
        DisputableAccount account, string reason, string channel, string? details, ValidationPeriod? period, bool holdAfterValidationPeriod, Actor actor, DateTimeOffset now)
    {
        var within = period is null || period.Includes(DateOnly.FromDateTime(now.UtcDateTime));
        var dispute = new Dispute
        {
            Id = Guid.CreateVersion7(),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            Reason = reason,
            Channel = channel,
            Details = details,
            Status = DisputeStatus.Open,
            WithinValidationPeriod = within,
            HoldsCollection = within || holdAfterValidationPeriod,
            OpenedAt = now,
        };
        return (dispute, dispute.History("opened", actor, now, $"reason {reason}, channel {channel}"));
    }

    /// <summary>The same dispute arrived again (same reason, still open): it is linked here rather than reopened.</summary>
    public CaseHistoryEntry LinkDuplicate(string channel, string? details, Actor actor, DateTimeOffset now) =>
        History("duplicate-linked", actor, now, details is null ? $"channel {channel}" : $"channel {channel}: {details}");

    /// <summary>Asks the client for the documents that verify the debt, due by <paramref name="respondBy"/>.</summary>
    public CaseHistoryEntry RequestDocuments(DateTimeOffset respondBy, string? note, Actor actor, DateTimeOffset now)
    {
        RequireOpen();
        if (VerificationStage == DisputeVocabulary.DocumentsRequested)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "documents-already-requested", "Documents already requested", $"The client was asked on {DocumentsRequestedAt:u} and has until {DocumentsRespondBy:u}.");
        }

        VerificationStage = DisputeVocabulary.DocumentsRequested;
        DocumentsRequestedAt = now;
        DocumentsRespondBy = respondBy;
        ClientRespondedAt = null;
        ClientResponseNote = null;
        return History("documents-requested", actor, now, note is null ? $"respond by {respondBy:u}" : $"respond by {respondBy:u}: {note}");
    }

    /// <summary>
    /// Records the client's answer to the request for documents. "documents-provided" needs at least one
    /// document the client attached to the dispute.
    /// </summary>
    public CaseHistoryEntry RecordClientResponse(string response, string? note, int clientDocuments, Actor actor, DateTimeOffset now)
    {
        RequireOpen();
        if (VerificationStage != DisputeVocabulary.DocumentsRequested)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "no-documents-requested", "No documents were requested", $"Dispute {Id} is not waiting for the client's documents.");
        }

        if (response == DisputeVocabulary.DocumentsProvided && clientDocuments == 0)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Unprocessable, "documents-missing", "No documents attached", "Attach the verification documents to the dispute before saying they are provided.");
        }

        VerificationStage = response;
        ClientRespondedAt = now;
        ClientResponseNote = note;
        return History("client-responded", actor, now, note is null ? response : $"{response}: {note}");
    }

    /// <summary>Verification was mailed to the consumer: collection may resume.</summary>
    public CaseHistoryEntry SendVerification(Actor actor, DateTimeOffset now)
    {
        RequireOpen();
        if (VerificationStage == DisputeVocabulary.CannotVerify)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "client-cannot-verify", "The client cannot verify the debt", "Verification cannot be sent; close the account or correct it instead.");
        }

        Status = DisputeStatus.VerificationSent;
        Outcome = "verified";
        ResolvedAt = now;
        return History("verification-sent", actor, now, null);
    }

    /// <summary>The account is closed or corrected after the dispute.</summary>
    public CaseHistoryEntry Close(string outcome, string? note, Actor actor, DateTimeOffset now)
    {
        RequireOpen();
        Status = DisputeStatus.Closed;
        Outcome = outcome;
        ResolvedAt = now;
        return History("closed", actor, now, note is null ? outcome : $"{outcome}: {note}");
    }

    private void RequireOpen()
    {
        if (Status != DisputeStatus.Open)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "dispute-not-open", "The dispute is not open", $"Dispute {Id} is {Status}; only an open dispute can be resolved.");
        }
    }

    private CaseHistoryEntry History(string action, Actor actor, DateTimeOffset at, string? note) =>
        CaseHistoryEntry.Of(TenantId, AccountId, Id, CaseKind, action, actor, at, note);
}
