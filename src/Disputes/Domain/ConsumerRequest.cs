using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Disputes.Domain;

/// <summary>The kinds of consumer request that stop or narrow collection.</summary>
public static class ConsumerRequestKinds
{
    public const string CeaseCommunication = "cease-communication";
    public const string AttorneyRepresentation = "attorney-representation";
    public const string Bankruptcy = "bankruptcy";
    public const string Deceased = "deceased";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        CeaseCommunication, AttorneyRepresentation, Bankruptcy, Deceased,
    };

    /// <summary>Bankruptcy chapters a consumer's case may be filed under.</summary>
    public static readonly IReadOnlySet<int> BankruptcyChapters = new HashSet<int> { 7, 11, 13 };
}

/// <summary>What the consumer (or someone for them) told us, with its evidence.</summary>
/// <param name="AttorneyName">The representing attorney (attorney representation).</param>
/// <param name="AttorneyPhone">The attorney's phone.</param>
/// <param name="AttorneyAddress">The attorney's address.</param>
/// <param name="BankruptcyCaseNumber">The bankruptcy case number.</param>
/// <param name="BankruptcyChapter">7, 11 or 13.</param>
/// <param name="BankruptcyFiledOn">The day the petition was filed.</param>
/// <param name="DateOfDeath">The consumer's date of death.</param>
/// <param name="EvidenceNote">What the request rests on: a letter received, a court notice, a death certificate.</param>
public sealed record ConsumerRequestDetails(
    string? AttorneyName,
    string? AttorneyPhone,
    string? AttorneyAddress,
    string? BankruptcyCaseNumber,
    int? BankruptcyChapter,
    DateOnly? BankruptcyFiledOn,
    DateOnly? DateOfDeath,
    string? EvidenceNote);

/// <summary>
/// A recorded cease-communication, attorney-representation, bankruptcy or deceased notice. It places its
/// hold until an authorised user reverses it with a reason.
/// </summary>
public sealed class ConsumerRequest : ITenantOwned, IAccountParties
{
    private const string CaseKind = "consumer-request";

    private ConsumerRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    /// <summary>One of <see cref="ConsumerRequestKinds.All"/>.</summary>
    public string Kind { get; private set; } = "";

    public string? AttorneyName { get; private set; }

    public string? AttorneyPhone { get; private set; }

    public string? AttorneyAddress { get; private set; }

    public string? BankruptcyCaseNumber { get; private set; }

    public int? BankruptcyChapter { get; private set; }

    public DateOnly? BankruptcyFiledOn { get; private set; }

    public DateOnly? DateOfDeath { get; private set; }

    public string? EvidenceNote { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public DateTimeOffset? ReversedAt { get; private set; }

    public string? ReversalReason { get; private set; }

    public bool IsReversed => ReversedAt is not null;

    /// <summary>
    /// Who may reverse a request of this kind: a cease-communication only a compliance officer, because
    /// resuming contact against a consumer's written request is the costliest mistake; the others
    /// supervisors and above.
    /// </summary>
    public IReadOnlyList<string> RolesThatMayReverse => Kind == ConsumerRequestKinds.CeaseCommunication
        ? [Roles.ComplianceOfficer]
        : [Roles.Supervisor, Roles.ComplianceOfficer, Roles.Admin];

    /// <summary>Records a request on <paramref name="account"/>.</summary>
    public static (ConsumerRequest Request, CaseHistoryEntry History) Record(
        DisputableAccount account, string kind, ConsumerRequestDetails details, Actor actor, DateTimeOffset now)
    {
        var request = new ConsumerRequest
        {
            Id = Guid.CreateVersion7(),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            Kind = kind,
            AttorneyName = details.AttorneyName,
            AttorneyPhone = details.AttorneyPhone,
            AttorneyAddress = details.AttorneyAddress,
            BankruptcyCaseNumber = details.BankruptcyCaseNumber,
            BankruptcyChapter = details.BankruptcyChapter,
            BankruptcyFiledOn = details.BankruptcyFiledOn,
            DateOfDeath = details.DateOfDeath,
            EvidenceNote = details.EvidenceNote,
            RecordedAt = now,
        };
        return (request, request.History("recorded", actor, now, details.EvidenceNote));
    }

    /// <summary>Reverses the request; the caller's role must already have been checked against <see cref="RolesThatMayReverse"/>.</summary>
    public CaseHistoryEntry Reverse(string reason, Actor actor, DateTimeOffset now)
    {
        if (IsReversed)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "request-already-reversed", "Already reversed", $"Consumer request {Id} was reversed on {ReversedAt:u}.");
        }

        ReversedAt = now;
        ReversalReason = reason;
        return History("reversed", actor, now, reason);
    }

    private CaseHistoryEntry History(string action, Actor actor, DateTimeOffset at, string? note) =>
        CaseHistoryEntry.Of(TenantId, AccountId, Id, CaseKind, action, actor, at, note);
}
