using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Disputes.Apis;

/// <summary>Complaints about how a consumer was treated, tracked to resolution against deadlines.</summary>
public static class ComplaintsApi
{
    /// <summary>How far back a keyed-in complaint's receipt may lie.</summary>
    private static readonly TimeSpan OldestReceipt = TimeSpan.FromDays(365);

    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/disputes/accounts/{accountId:guid}/complaints").WithTags("Complaints");
        api.MapPost("/", OpenComplaint)
            .WithSummary("Open a complaint")
            .WithDescription("By the consumer (source consumer), the account's client (source client), or staff: source agent, or regulator with the regulator's reference and the instant the regulator portal received it (receivedAt). Deadlines are counted from receivedAt by source and tenant (Disputes:Complaints). Raises ComplaintOpened.");
        api.MapGet("/", ListComplaints).WithSummary("List an account's complaints");
        api.MapGet("/{complaintId:guid}", GetComplaint).WithSummary("Get a complaint with its history");
        api.MapPost("/{complaintId:guid}/assignment", AssignComplaint)
            .WithSummary("Give a complaint an owner")
            .WithDescription("Supervisors, compliance officers and admins: ownerId is the staff user who owns it.");
        api.MapPost("/{complaintId:guid}/first-response", RespondToComplaint)
            .WithSummary("Record the first response")
            .WithDescription("Staff. Once per complaint; a response after the deadline is recorded as late in the history.");
        api.MapPost("/{complaintId:guid}/escalation", EscalateComplaint)
            .WithSummary("Escalate a complaint to the supervisors")
            .WithDescription("Staff, with a reason; once per complaint (the sweeper escalates on its own when a deadline nears).");
        api.MapPost("/{complaintId:guid}/resolution", ResolveComplaint)
            .WithSummary("Close a complaint with its root cause and resolution")
            .WithDescription("Supervisors, compliance officers and admins. Raises ComplaintResolved, with closedLate when past the close deadline.");

        var tenant = app.MapGroup("api/v1/disputes/complaints").WithTags("Complaints");
        tenant.MapGet("/overdue", ListOverdue)
            .WithSummary("Complaints past a deadline")
            .WithDescription("Staff. Every complaint not closed whose first response or close is past due, the most overdue first.");
        tenant.MapGet("/", ListByStatus)
            .WithSummary("The tenant's complaints by status")
            .WithDescription("Staff. status open, responded, escalated or closed (escalated is the supervisors' queue); newest first, at most 500.");
        return app;
    }

    /// <summary>Opens a complaint about the account.</summary>
    public static async Task<Results<Created<ComplaintResponse>, NotFound, ValidationProblem>> OpenComplaint(
        Guid accountId, OpenComplaintRequest request, Caller caller, DisputesDbContext db, IOptions<DisputesOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var source = request.Source ?? (caller.IsConsumer ? ComplaintVocabulary.Consumer : caller.IsClient ? ComplaintVocabulary.Client : null);
        if (source is null || !ComplaintVocabulary.Sources.Contains(source))
        {
            errors[nameof(request.Source)] = [$"One of: {string.Join(", ", ComplaintVocabulary.Sources)}."];
        }
        else if ((caller.IsConsumer && source != ComplaintVocabulary.Consumer)
            || (caller.IsClient && source != ComplaintVocabulary.Client)
            || (caller.IsStaff && source is not (ComplaintVocabulary.Agent or ComplaintVocabulary.Regulator)))
        {
            errors[nameof(request.Source)] = ["A consumer complains as consumer, a client as client; staff key in agent or regulator complaints."];
        }

        if (request.Category is null || !ComplaintVocabulary.Categories.Contains(request.Category))
        {
            errors[nameof(request.Category)] = [$"One of: {string.Join(", ", ComplaintVocabulary.Categories)}."];
        }

        var severity = request.Severity ?? "medium";
        if (!ComplaintVocabulary.Severities.Contains(severity))
        {
            errors[nameof(request.Severity)] = [$"One of: {string.Join(", ", ComplaintVocabulary.Severities)}."];
        }

        var description = CaseCaller.Optional(request.Description, nameof(request.Description), 2000, errors);
        if (description is null)
        {
            errors[nameof(request.Description)] = ["Required: what the complainant said, up to 2000 characters."];
        }

        var reference = CaseCaller.Optional(request.RegulatorReference, nameof(request.RegulatorReference), 64, errors);
        if (source == ComplaintVocabulary.Regulator && reference is null)
        {
            errors[nameof(request.RegulatorReference)] = ["Required for a regulator complaint: the regulator's reference."];
        }
        else if (source != ComplaintVocabulary.Regulator && reference is not null)
        {
            errors[nameof(request.RegulatorReference)] = ["Only for regulator complaints."];
        }

        var agentId = CaseCaller.Optional(request.AgentId, nameof(request.AgentId), 200, errors);
        var ownerId = CaseCaller.Optional(request.OwnerId, nameof(request.OwnerId), 200, errors);
        if (ownerId is not null && !caller.IsStaff)
        {
            errors[nameof(request.OwnerId)] = ["Only staff assign an owner."];
        }

        var receivedAt = request.ReceivedAt?.ToUniversalTime() ?? now;
        if (request.ReceivedAt is not null && !caller.IsStaff)
        {
            errors[nameof(request.ReceivedAt)] = ["Only staff keying in a complaint say when it was received."];
        }
        else if (receivedAt > now || receivedAt < now - OldestReceipt)
        {
            errors[nameof(request.ReceivedAt)] = ["Not in the future, at most a year ago."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await db.AccountVisibleToAsync(accountId, caller, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var deadlines = options.Value.Complaints.For(account.TenantId, source!);
        var (complaint, history) = Complaint.Open(
            account, source!, reference, request.Category!, severity, description!, agentId, ownerId, receivedAt, deadlines, caller.AsActor(), now);
        db.Complaints.Add(complaint);
        db.CaseHistory.Add(history);
        db.AddIntegrationEvent(new ComplaintOpened
        {
            TenantId = complaint.TenantId,
            OccurredAt = now,
            ComplaintId = complaint.Id,
            AccountId = complaint.AccountId,
            ClientId = complaint.ClientId,
            Source = complaint.Source,
            Category = complaint.Category,
            Severity = complaint.Severity,
            FirstResponseDue = complaint.FirstResponseDue,
            CloseDue = complaint.CloseDue,
            AgentId = complaint.AgentId,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/disputes/accounts/{accountId}/complaints/{complaint.Id}", ComplaintResponse.From(complaint, now));
    }

    /// <summary>The account's complaints, newest first.</summary>
    public static async Task<Results<Ok<List<ComplaintResponse>>, NotFound>> ListComplaints(
        Guid accountId, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.AccountId == accountId).OrderByDescending(c => c.ReceivedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(complaints.Select(c => ComplaintResponse.From(c, now)).ToList());
    }

    /// <summary>One complaint of the account, with its history.</summary>
    public static async Task<Results<Ok<ComplaintDetailResponse>, NotFound>> GetComplaint(
        Guid accountId, Guid complaintId, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var complaint = await VisibleComplaintAsync(db, accountId, complaintId, caller, cancellationToken);
        if (complaint is null)
        {
            return TypedResults.NotFound();
        }

        var history = await DisputesApi.HistoryOf(db, accountId, complaintId, cancellationToken);
        return TypedResults.Ok(new ComplaintDetailResponse(ComplaintResponse.From(complaint, clock.GetUtcNow()), history));
    }

    /// <summary>Gives the complaint an owner.</summary>
    public static Task<Results<Ok<ComplaintResponse>, NotFound, ValidationProblem>> AssignComplaint(
        Guid accountId, Guid complaintId, AssignComplaintRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, complaintId, nameof(request.OwnerId), request.OwnerId, 200, CaseCaller.SupervisorsAndAbove, caller, db, clock, (c, owner, actor, now) => c.Assign(owner, actor, now), cancellationToken);

    /// <summary>Records the first response.</summary>
    public static Task<Results<Ok<ComplaintResponse>, NotFound, ValidationProblem>> RespondToComplaint(
        Guid accountId, Guid complaintId, FirstResponseRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, complaintId, nameof(request.Response), request.Response, 1000, CaseCaller.AnyStaff, caller, db, clock, (c, response, actor, now) => c.RespondFirst(response, actor, now), cancellationToken);

    /// <summary>Escalates the complaint to the supervisors.</summary>
    public static Task<Results<Ok<ComplaintResponse>, NotFound, ValidationProblem>> EscalateComplaint(
        Guid accountId, Guid complaintId, EscalateComplaintRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, complaintId, nameof(request.Reason), request.Reason, 1000, CaseCaller.AnyStaff, caller, db, clock, (c, reason, actor, now) => c.Escalate(reason, actor, now), cancellationToken);

    /// <summary>Closes the complaint with its root cause and resolution.</summary>
    public static async Task<Results<Ok<ComplaintResponse>, NotFound, ValidationProblem>> ResolveComplaint(
        Guid accountId, Guid complaintId, ResolveComplaintRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var rootCause = Required(request.RootCause, nameof(request.RootCause), 500, errors);
        var resolution = Required(request.Resolution, nameof(request.Resolution), 1000, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var complaint = await VisibleComplaintAsync(db, accountId, complaintId, caller, cancellationToken);
        if (complaint is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireStaffRole(CaseCaller.SupervisorsAndAbove);
        var now = clock.GetUtcNow();
        db.CaseHistory.Add(complaint.Resolve(rootCause!, resolution!, caller.AsActor(), now));
        db.AddIntegrationEvent(new ComplaintResolved
        {
            TenantId = complaint.TenantId,
            OccurredAt = now,
            ComplaintId = complaint.Id,
            AccountId = complaint.AccountId,
            ClientId = complaint.ClientId,
            RootCause = rootCause!,
            Resolution = resolution!,
            ClosedLate = complaint.ClosedLate,
        });
        await SaveAsync(db, cancellationToken);
        return TypedResults.Ok(ComplaintResponse.From(complaint, now));
    }

    /// <summary>Complaints past a deadline, the most overdue first.</summary>
    public static async Task<Ok<List<ComplaintResponse>>> ListOverdue(Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(CaseCaller.AnyStaff);
        var now = clock.GetUtcNow();
        var overdue = await db.Complaints.AsNoTracking()
            .Where(c => c.Status != ComplaintStatus.Closed && ((c.FirstRespondedAt == null && c.FirstResponseDue < now) || c.CloseDue < now))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(overdue
            .OrderBy(c => c.FirstRespondedAt is null && c.FirstResponseDue < c.CloseDue ? c.FirstResponseDue : c.CloseDue)
            .Select(c => ComplaintResponse.From(c, now)).ToList());
    }

    /// <summary>The tenant's complaints in one status, newest first.</summary>
    /// <param name="status">open, responded, escalated or closed.</param>
    /// <param name="caller">Who is asking.</param>
    /// <param name="db">The Disputes database.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<List<ComplaintResponse>>, ValidationProblem>> ListByStatus(
        string? status, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ComplaintStatus>(status, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted) || int.TryParse(status, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [nameof(status)] = ["One of: open, responded, escalated, closed."] });
        }

        caller.RequireStaffRole(CaseCaller.AnyStaff);
        var now = clock.GetUtcNow();
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.Status == wanted)
            .OrderByDescending(c => c.ReceivedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(complaints.Select(c => ComplaintResponse.From(c, now)).ToList());
    }

    private static async Task<Results<Ok<ComplaintResponse>, NotFound, ValidationProblem>> ChangeAsync(
        Guid accountId,
        Guid complaintId,
        string field,
        string? value,
        int maxLength,
        string[] roles,
        Caller caller,
        DisputesDbContext db,
        TimeProvider clock,
        Func<Complaint, string, Actor, DateTimeOffset, CaseHistoryEntry> change,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var text = Required(value, field, maxLength, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var complaint = await VisibleComplaintAsync(db, accountId, complaintId, caller, cancellationToken);
        if (complaint is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireStaffRole(roles);
        var now = clock.GetUtcNow();
        db.CaseHistory.Add(change(complaint, text!, caller.AsActor(), now));
        await SaveAsync(db, cancellationToken);
        return TypedResults.Ok(ComplaintResponse.From(complaint, now));
    }

    private static async Task SaveAsync(DisputesDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict, "complaint-changed", "The complaint changed meanwhile", "Someone else changed the complaint at the same moment; read it again and retry.");
        }
    }

    private static string? Required(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        var text = CaseCaller.Optional(value, field, maxLength, errors);
        if (text is null)
        {
            errors[field] = [$"Required, up to {maxLength} characters."];
        }

        return text;
    }

    private static async Task<Complaint?> VisibleComplaintAsync(DisputesDbContext db, Guid accountId, Guid complaintId, Caller caller, CancellationToken cancellationToken) =>
        await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null
            ? null
            : await db.Complaints.SingleOrDefaultAsync(c => c.Id == complaintId && c.AccountId == accountId, cancellationToken);
}

/// <summary>A complaint to open.</summary>
/// <param name="Source">consumer, client, regulator or agent; a consumer's and a client's own are implied.</param>
/// <param name="Category">harassment, wrong-amount, privacy, agent-conduct or other.</param>
/// <param name="Severity">low, medium (the default) or high.</param>
/// <param name="Description">What the complainant said, up to 2000 characters.</param>
/// <param name="RegulatorReference">Required for regulator complaints: the regulator's own reference.</param>
/// <param name="ReceivedAt">Staff only: when the complaint was received (e.g. by the regulator portal); by default now, at most a year ago.</param>
/// <param name="AgentId">The agent the complaint is about, if any.</param>
/// <param name="OwnerId">Staff only: the staff user who owns it.</param>
public sealed record OpenComplaintRequest(
    string? Source, string? Category, string? Severity, string? Description, string? RegulatorReference, DateTimeOffset? ReceivedAt, string? AgentId, string? OwnerId);

/// <summary>Who owns a complaint.</summary>
/// <param name="OwnerId">The staff user.</param>
public sealed record AssignComplaintRequest(string? OwnerId);

/// <summary>The first response sent to the complainant.</summary>
/// <param name="Response">What was said, up to 1000 characters.</param>
public sealed record FirstResponseRequest(string? Response);

/// <summary>Why a complaint goes to the supervisors.</summary>
/// <param name="Reason">Up to 1000 characters.</param>
public sealed record EscalateComplaintRequest(string? Reason);

/// <summary>How a complaint was resolved.</summary>
/// <param name="RootCause">Why it happened, up to 500 characters.</param>
/// <param name="Resolution">What was done, up to 1000 characters.</param>
public sealed record ResolveComplaintRequest(string? RootCause, string? Resolution);

/// <summary>A complaint as the API shows it.</summary>
/// <param name="Id">The complaint.</param>
/// <param name="AccountId">The account concerned.</param>
/// <param name="Source">consumer, client, regulator or agent.</param>
/// <param name="RegulatorReference">The regulator's reference.</param>
/// <param name="Category">What it is about.</param>
/// <param name="Severity">low, medium or high.</param>
/// <param name="Description">What the complainant said.</param>
/// <param name="AgentId">The agent it is about.</param>
/// <param name="OwnerId">The staff user who owns it.</param>
/// <param name="Status">open, responded, escalated or closed.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="FirstResponseDue">When the first response is due.</param>
/// <param name="CloseDue">When it must be closed.</param>
/// <param name="Overdue">Whether a deadline has passed (as of the response).</param>
/// <param name="FirstRespondedAt">When it was first answered.</param>
/// <param name="FirstResponse">The first response.</param>
/// <param name="EscalatedAt">When it went to the supervisors.</param>
/// <param name="RootCause">Why it happened.</param>
/// <param name="Resolution">What was done.</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="ClosedLate">Whether it was closed after its close deadline.</param>
public sealed record ComplaintResponse(
    Guid Id, Guid AccountId, string Source, string? RegulatorReference, string Category, string Severity, string Description, string? AgentId, string? OwnerId,
    string Status, DateTimeOffset ReceivedAt, DateTimeOffset FirstResponseDue, DateTimeOffset CloseDue, bool Overdue, DateTimeOffset? FirstRespondedAt,
    string? FirstResponse, DateTimeOffset? EscalatedAt, string? RootCause, string? Resolution, DateTimeOffset? ClosedAt, bool ClosedLate)
{
    internal static ComplaintResponse From(Complaint c, DateTimeOffset now) => new(
        c.Id, c.AccountId, c.Source, c.RegulatorReference, c.Category, c.Severity, c.Description, c.AgentId, c.OwnerId, c.Status.ToString().ToLowerInvariant(),
        c.ReceivedAt, c.FirstResponseDue, c.CloseDue, c.IsOverdue(now), c.FirstRespondedAt, c.FirstResponse, c.EscalatedAt, c.RootCause, c.Resolution, c.ClosedAt, c.ClosedLate);
}

/// <summary>A complaint with its history.</summary>
/// <param name="Complaint">The complaint.</param>
/// <param name="History">What happened to it, oldest first.</param>
public sealed record ComplaintDetailResponse(ComplaintResponse Complaint, IReadOnlyList<HistoryEntryResponse> History);
