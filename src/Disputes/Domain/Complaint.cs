using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Disputes.Domain;

/// <summary>Where a complaint stands.</summary>
public enum ComplaintStatus
{
    /// <summary>Received; no first response yet.</summary>
    Open,

    /// <summary>The first response was sent.</summary>
    Responded,

    /// <summary>A deadline came near (or passed) and the complaint went to the supervisors.</summary>
    Escalated,

    /// <summary>Resolved, with its root cause and resolution.</summary>
    Closed,
}

/// <summary>The words complaints are described with.</summary>
public static class ComplaintVocabulary
{
    public const string Consumer = "consumer";
    public const string Client = "client";
    public const string Regulator = "regulator";
    public const string Agent = "agent";

    /// <summary>Who raised the complaint: the consumer (portal), the client (API key), a regulator portal (keyed in by staff) or an agent for the consumer.</summary>
    public static readonly IReadOnlySet<string> Sources = new HashSet<string>(StringComparer.Ordinal) { Consumer, Client, Regulator, Agent };

    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
    {
        "harassment", "wrong-amount", "privacy", "agent-conduct", "other",
    };

    public static readonly IReadOnlySet<string> Severities = new HashSet<string>(StringComparer.Ordinal) { "low", "medium", "high" };
}

/// <summary>How long a complaint may wait for its first response and for its close, counted from its receipt.</summary>
/// <param name="FirstResponse">Receipt to the first response.</param>
/// <param name="Close">Receipt to the close.</param>
public sealed record ComplaintDeadlines(TimeSpan FirstResponse, TimeSpan Close);

/// <summary>
/// A consumer's dissatisfaction with how they were treated, tracked to resolution against deadlines that
/// depend on where it came from.
/// </summary>
public sealed class Complaint : ITenantOwned, IAccountParties
{
    private const string CaseKind = "complaint";

    private Complaint()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    /// <summary>One of <see cref="ComplaintVocabulary.Sources"/>.</summary>
    public string Source { get; private set; } = "";

    /// <summary>The regulator's own reference, for complaints from a regulator portal.</summary>
    public string? RegulatorReference { get; private set; }

    /// <summary>One of <see cref="ComplaintVocabulary.Categories"/>.</summary>
    public string Category { get; private set; } = "";

    /// <summary>low, medium or high.</summary>
    public string Severity { get; private set; } = "";

    /// <summary>What the complainant said.</summary>
    public string Description { get; private set; } = "";

    /// <summary>The agent the complaint is about, if any.</summary>
    public string? AgentId { get; private set; }

    /// <summary>The staff user who owns the complaint; null until assigned.</summary>
    public string? OwnerId { get; private set; }

    public ComplaintStatus Status { get; private set; }

    /// <summary>When the complaint was received: the deadlines count from here, not from when it was keyed in.</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset FirstResponseDue { get; private set; }

    public DateTimeOffset CloseDue { get; private set; }

    public DateTimeOffset? FirstRespondedAt { get; private set; }

    public string? FirstResponse { get; private set; }

    /// <summary>When it went to the supervisors; set once.</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }

    public string? RootCause { get; private set; }

    public string? Resolution { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Whether it was closed after <see cref="CloseDue"/>.</summary>
    public bool ClosedLate { get; private set; }

    /// <summary>Opens a complaint about <paramref name="account"/>, its deadlines counted from <paramref name="receivedAt"/>.</summary>
    public static (Complaint Complaint, CaseHistoryEntry History) Open(
        DisputableAccount account,
        string source,
        string? regulatorReference,
        string category,
        string severity,
        string description,
        string? agentId,
        string? ownerId,
        DateTimeOffset receivedAt,
        ComplaintDeadlines deadlines,
        Actor actor,
        DateTimeOffset now)
    {
        var complaint = new Complaint
        {
            Id = Guid.CreateVersion7(),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            Source = source,
            RegulatorReference = regulatorReference,
            Category = category,
            Severity = severity,
            Description = description,
            AgentId = agentId,
            OwnerId = ownerId,
            Status = ComplaintStatus.Open,
            ReceivedAt = receivedAt,
            FirstResponseDue = receivedAt + deadlines.FirstResponse,
            CloseDue = receivedAt + deadlines.Close,
        };
        var note = $"source {source}{(regulatorReference is null ? "" : $" ({regulatorReference})")}, category {category}, severity {severity}, received {receivedAt:u}";
        return (complaint, complaint.History("opened", actor, now, note));
    }

    /// <summary>Whether a deadline has passed: the first response or the close.</summary>
    public bool IsOverdue(DateTimeOffset now) =>
        Status != ComplaintStatus.Closed && ((FirstRespondedAt is null && now > FirstResponseDue) || now > CloseDue);

    /// <summary>Whether a deadline is within <paramref name="leadTime"/> (or past) and the complaint was not escalated yet.</summary>
    public bool ShouldEscalate(DateTimeOffset now, TimeSpan leadTime) =>
        Status != ComplaintStatus.Closed && EscalatedAt is null
        && ((FirstRespondedAt is null && now >= FirstResponseDue - leadTime) || now >= CloseDue - leadTime);

    /// <summary>Gives the complaint to a staff user.</summary>
    public CaseHistoryEntry Assign(string ownerId, Actor actor, DateTimeOffset now)
    {
        RequireNotClosed();
        OwnerId = ownerId;
        return History("assigned", actor, now, ownerId);
    }

    /// <summary>Records the first response sent to the complainant.</summary>
    public CaseHistoryEntry RespondFirst(string response, Actor actor, DateTimeOffset now)
    {
        RequireNotClosed();
        if (FirstRespondedAt is not null)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "first-response-recorded", "The first response is already recorded", $"Complaint {Id} was first answered on {FirstRespondedAt:u}.");
        }

        FirstRespondedAt = now;
        FirstResponse = response;
        if (Status == ComplaintStatus.Open)
        {
            Status = ComplaintStatus.Responded;
        }

        return History("first-response", actor, now, now > FirstResponseDue ? $"late (due {FirstResponseDue:u}): {response}" : response);
    }

    /// <summary>Sends the complaint to the supervisors; only once.</summary>
    public CaseHistoryEntry Escalate(string why, Actor actor, DateTimeOffset now)
    {
        RequireNotClosed();
        if (EscalatedAt is not null)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "complaint-already-escalated", "Already escalated", $"Complaint {Id} was escalated on {EscalatedAt:u}.");
        }

        EscalatedAt = now;
        Status = ComplaintStatus.Escalated;
        return History("escalated", actor, now, why);
    }

    /// <summary>Closes the complaint with its root cause and resolution.</summary>
    public CaseHistoryEntry Resolve(string rootCause, string resolution, Actor actor, DateTimeOffset now)
    {
        RequireNotClosed();
        RootCause = rootCause;
        Resolution = resolution;
        ClosedAt = now;
        ClosedLate = now > CloseDue;
        Status = ComplaintStatus.Closed;
        return History("resolved", actor, now, $"root cause: {rootCause}; resolution: {resolution}{(ClosedLate ? $" (late, due {CloseDue:u})" : "")}");
    }

    private void RequireNotClosed()
    {
        if (Status == ComplaintStatus.Closed)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "complaint-closed", "The complaint is closed", $"Complaint {Id} was closed on {ClosedAt:u}.");
        }
    }

    private CaseHistoryEntry History(string action, Actor actor, DateTimeOffset at, string? note) =>
        CaseHistoryEntry.Of(TenantId, AccountId, Id, CaseKind, action, actor, at, note);
}
