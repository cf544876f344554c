using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Collections.Disputes.Apis;

/// <summary>Opening, verifying and closing disputes of a debt.</summary>
public static class DisputesApi
{
    private const int MaxDetailsLength = 2000;

    /// <summary>Years case history is kept after the last collection activity (12 CFR 1006.100).</summary>
    public const int RetentionYears = 3;

    public static IEndpointRouteBuilder MapDisputesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/disputes/accounts/{accountId:guid}").WithTags("Disputes");
        api.MapPost("/disputes", OpenDispute)
            .WithSummary("Open a dispute")
            .WithDescription("Opens a dispute on the account: by the consumer (portal), staff (agent or mail keyed in) or the owning client. Inside the validation period it always holds collection; after it, the tenant's policy Disputes:HoldAfterValidationPeriod decides. An open dispute for the same reason is linked to (200) instead of opening another (201).");
        api.MapGet("/disputes", ListDisputes).WithSummary("List an account's disputes");
        api.MapGet("/disputes/{disputeId:guid}", GetDispute).WithSummary("Get a dispute with its history");
        api.MapPost("/disputes/{disputeId:guid}/verification", SendVerification)
            .WithSummary("Record that verification was sent")
            .WithDescription("Staff only. The dispute becomes VerificationSent and its collection hold is released (DisputeResolved, outcome verified).");
        api.MapPost("/disputes/{disputeId:guid}/close", CloseDispute)
            .WithSummary("Close the account or correct it after a dispute")
            .WithDescription("Supervisors, compliance officers and admins. outcome account-closed raises AccountClosedAfterDispute; corrected (with the new principal, interest and fees) raises AccountCorrected.");
        api.MapGet("/history", GetHistory)
            .WithSummary("The account's dispute, request and complaint history")
            .WithDescription("Every change to the account's disputes, consumer requests and complaints between from and to (by default the last 3 years, the retention period), oldest first: who, when, what. caseKind narrows it to dispute, consumer-request or complaint.");
        return app;
    }

    /// <summary>Opens a dispute, or links a duplicate to the open one with the same reason.</summary>
    public static async Task<Results<Created<DisputeResponse>, Ok<DisputeResponse>, NotFound, ValidationProblem>> OpenDispute(
        Guid accountId, OpenDisputeRequest request, Caller caller, DisputesDbContext db, IOptions<DisputesOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Reason is null || !DisputeVocabulary.Reasons.Contains(request.Reason))
        {
            errors[nameof(request.Reason)] = [$"One of: {string.Join(", ", DisputeVocabulary.Reasons)}."];
        }

        if (request.Channel is null || !DisputeVocabulary.Channels.Contains(request.Channel))
        {
            errors[nameof(request.Channel)] = [$"One of: {string.Join(", ", DisputeVocabulary.Channels)}."];
        }
        else if ((caller.IsConsumer && request.Channel != "portal") || (caller.IsClient && request.Channel != "client"))
        {
            errors[nameof(request.Channel)] = [caller.IsConsumer ? "A consumer disputes through the portal." : "A client disputes through the client channel."];
        }

        var details = CaseCaller.Optional(request.Details, nameof(request.Details), MaxDetailsLength, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await db.AccountVisibleToAsync(accountId, caller, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var existing = await OpenDisputeFor(db, accountId, request.Reason!, cancellationToken);
        if (existing is not null)
        {
            return await LinkAsync(db, existing, request.Channel!, details, caller, now, cancellationToken);
        }

        var notice = await db.ValidationNotices.AsNoTracking().SingleOrDefaultAsync(n => n.AccountId == accountId, cancellationToken);
        var (dispute, history) = Dispute.Open(
            account, request.Reason!, request.Channel!, details, notice?.Period, options.Value.HoldAfterValidationPeriod, caller.AsActor(), now);
        db.Disputes.Add(dispute);
        db.CaseHistory.Add(history);
        db.AddIntegrationEvent(new DisputeOpened
        {
            TenantId = dispute.TenantId,
            OccurredAt = now,
            DisputeId = dispute.Id,
            AccountId = dispute.AccountId,
            ClientId = dispute.ClientId,
            Reason = dispute.Reason,
            Channel = dispute.Channel,
            WithinValidationPeriod = dispute.WithinValidationPeriod,
            HoldsCollection = dispute.HoldsCollection,
        });

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same dispute arrived twice at once: the other one won, link this one to it.
            db.ChangeTracker.Clear();
            var winner = await OpenDisputeFor(db, accountId, request.Reason!, cancellationToken);
            return await LinkAsync(db, winner!, request.Channel!, details, caller, now, cancellationToken);
        }

        return TypedResults.Created($"/api/v1/disputes/accounts/{accountId}/disputes/{dispute.Id}", DisputeResponse.From(dispute));
    }

    /// <summary>The account's disputes, newest first.</summary>
    public static async Task<Results<Ok<List<DisputeResponse>>, NotFound>> ListDisputes(
        Guid accountId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var disputes = await db.Disputes.AsNoTracking().Where(d => d.AccountId == accountId)
            .OrderByDescending(d => d.OpenedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(disputes.Select(DisputeResponse.From).ToList());
    }

    /// <summary>One dispute of the account, with its history.</summary>
    public static async Task<Results<Ok<DisputeDetailResponse>, NotFound>> GetDispute(
        Guid accountId, Guid disputeId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var dispute = await db.Disputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == disputeId && d.AccountId == accountId, cancellationToken);
        if (dispute is null)
        {
            return TypedResults.NotFound();
        }

        var history = await HistoryOf(db, accountId, disputeId, cancellationToken);
        return TypedResults.Ok(new DisputeDetailResponse(DisputeResponse.From(dispute), history));
    }

    /// <summary>Records that verification was sent; releases the hold.</summary>
    public static async Task<Results<Ok<DisputeResponse>, NotFound>> SendVerification(
        Guid accountId, Guid disputeId, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var dispute = await VisibleDispute(db, accountId, disputeId, caller, cancellationToken);
        if (dispute is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireStaffRole(CaseCaller.AnyStaff);
        var now = clock.GetUtcNow();
        db.CaseHistory.Add(dispute.SendVerification(caller.AsActor(), now));
        db.AddIntegrationEvent(new DisputeResolved
        {
            TenantId = dispute.TenantId,
            OccurredAt = now,
            DisputeId = dispute.Id,
            AccountId = dispute.AccountId,
            ClientId = dispute.ClientId,
            Outcome = dispute.Outcome!,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DisputeResponse.From(dispute));
    }

    /// <summary>Closes the account, or corrects its balances, after the dispute.</summary>
    public static async Task<Results<Ok<DisputeResponse>, NotFound, ValidationProblem>> CloseDispute(
        Guid accountId, Guid disputeId, CloseDisputeRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Outcome is null || !DisputeVocabulary.ClosingOutcomes.Contains(request.Outcome))
        {
            errors[nameof(request.Outcome)] = [$"One of: {string.Join(", ", DisputeVocabulary.ClosingOutcomes)}."];
        }

        if (request.Outcome == DisputeVocabulary.Corrected)
        {
            CheckAmount(nameof(request.Principal), request.Principal, errors);
            CheckAmount(nameof(request.Interest), request.Interest, errors);
            CheckAmount(nameof(request.Fees), request.Fees, errors);
        }

        var note = CaseCaller.Optional(request.Note, nameof(request.Note), MaxDetailsLength, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await db.AccountVisibleToAsync(accountId, caller, cancellationToken);
        var dispute = account is null ? null : await VisibleDispute(db, accountId, disputeId, caller, cancellationToken);
        if (dispute is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireStaffRole(CaseCaller.SupervisorsAndAbove);
        var now = clock.GetUtcNow();
        db.CaseHistory.Add(dispute.Close(request.Outcome!, note, caller.AsActor(), now));
        db.AddIntegrationEvent(request.Outcome == DisputeVocabulary.Corrected
            ? new AccountCorrected
            {
                TenantId = dispute.TenantId,
                OccurredAt = now,
                DisputeId = dispute.Id,
                AccountId = dispute.AccountId,
                ClientId = dispute.ClientId,
                Principal = request.Principal!.Value,
                Interest = request.Interest!.Value,
                Fees = request.Fees!.Value,
                Currency = account!.Currency,
            }
            : new AccountClosedAfterDispute
            {
                TenantId = dispute.TenantId,
                OccurredAt = now,
                DisputeId = dispute.Id,
                AccountId = dispute.AccountId,
                ClientId = dispute.ClientId,
                Reason = note ?? dispute.Reason,
            });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DisputeResponse.From(dispute));
    }

    /// <summary>The history of the account's disputes, requests and complaints between two instants, oldest first.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="from">First instant included; by default 3 years ago, the retention period.</param>
    /// <param name="to">Last instant included; by default now.</param>
    /// <param name="caseKind">Only dispute, consumer-request or complaint entries.</param>
    /// <param name="caller">Who is asking.</param>
    /// <param name="db">The Disputes database.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<List<HistoryEntryResponse>>, NotFound, ValidationProblem>> GetHistory(
        Guid accountId, DateTimeOffset? from, DateTimeOffset? to, string? caseKind, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var start = from?.ToUniversalTime() ?? now.AddYears(-RetentionYears);
        var end = to?.ToUniversalTime() ?? now;
        var errors = new Dictionary<string, string[]>();
        if (end < start)
        {
            errors[nameof(to)] = ["Must not be before from."];
        }

        if (caseKind is not (null or "dispute" or "consumer-request" or "complaint"))
        {
            errors[nameof(caseKind)] = ["One of: dispute, consumer-request, complaint."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var entries = db.CaseHistory.AsNoTracking().Where(e => e.AccountId == accountId && e.At >= start && e.At <= end);
        if (caseKind is not null)
        {
            entries = entries.Where(e => e.CaseKind == caseKind);
        }

        var list = await entries.OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(HistoryEntryResponse.From).ToList());
    }

    internal static async Task<List<HistoryEntryResponse>> HistoryOf(DisputesDbContext db, Guid accountId, Guid? caseId, CancellationToken cancellationToken)
    {
        var entries = db.CaseHistory.AsNoTracking().Where(e => e.AccountId == accountId);
        if (caseId is { } id)
        {
            entries = entries.Where(e => e.CaseId == id);
        }

        var list = await entries.OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return list.Select(HistoryEntryResponse.From).ToList();
    }

    private static async Task<Dispute?> VisibleDispute(DisputesDbContext db, Guid accountId, Guid disputeId, Caller caller, CancellationToken cancellationToken) =>
        await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null
            ? null
            : await db.Disputes.SingleOrDefaultAsync(d => d.Id == disputeId && d.AccountId == accountId, cancellationToken);

    private static Task<Dispute?> OpenDisputeFor(DisputesDbContext db, Guid accountId, string reason, CancellationToken cancellationToken) =>
        db.Disputes.SingleOrDefaultAsync(d => d.AccountId == accountId && d.Reason == reason && d.Status == DisputeStatus.Open, cancellationToken);

    private static async Task<Results<Created<DisputeResponse>, Ok<DisputeResponse>, NotFound, ValidationProblem>> LinkAsync(
        DisputesDbContext db, Dispute existing, string channel, string? details, Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.CaseHistory.Add(existing.LinkDuplicate(channel, details, caller.AsActor(), now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DisputeResponse.From(existing));
    }

    private static void CheckAmount(string field, decimal? amount, Dictionary<string, string[]> errors)
    {
        if (amount is not { } value || value < 0 || value >= 1_000_000_000m || decimal.Round(value, 2) != value)
        {
            errors[field] = ["Required for a correction: at least 0, below 1,000,000,000, at most two decimal places."];
        }
    }
}

/// <summary>A dispute to open.</summary>
/// <param name="Reason">not-mine, wrong-amount, paid-already, identity-theft or other.</param>
/// <param name="Channel">portal (the consumer), agent or mail (staff), client (the owning client).</param>
/// <param name="Details">What the consumer said, up to 2000 characters.</param>
public sealed record OpenDisputeRequest(string? Reason, string? Channel, string? Details);

/// <summary>How a dispute ends when the account is not simply verified.</summary>
/// <param name="Outcome">account-closed or corrected.</param>
/// <param name="Note">Why; for account-closed it becomes the event's reason.</param>
/// <param name="Principal">The corrected principal (corrected only).</param>
/// <param name="Interest">The corrected interest (corrected only).</param>
/// <param name="Fees">The corrected fees (corrected only).</param>
public sealed record CloseDisputeRequest(string? Outcome, string? Note, decimal? Principal, decimal? Interest, decimal? Fees);

/// <summary>A dispute as the API shows it.</summary>
/// <param name="Id">The dispute.</param>
/// <param name="AccountId">The disputed account.</param>
/// <param name="Reason">Why the consumer disputes.</param>
/// <param name="Channel">Where the dispute came from.</param>
/// <param name="Details">What the consumer said.</param>
/// <param name="Status">Open, VerificationSent or Closed.</param>
/// <param name="WithinValidationPeriod">Whether it arrived by the end of the validation period.</param>
/// <param name="HoldsCollection">Whether collection is held until verification is sent.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Outcome">verified, account-closed or corrected; null while open.</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="VerificationStage">null, documents-requested, documents-provided or cannot-verify.</param>
/// <param name="DocumentsRespondBy">When the client's documents are due.</param>
/// <param name="ClientRespondedAt">When the client answered.</param>
/// <param name="ClientResponseNote">What the client said.</param>
public sealed record DisputeResponse(
    Guid Id, Guid AccountId, string Reason, string Channel, string? Details, string Status, bool WithinValidationPeriod, bool HoldsCollection,
    DateTimeOffset OpenedAt, string? Outcome, DateTimeOffset? ResolvedAt, string? VerificationStage, DateTimeOffset? DocumentsRespondBy,
    DateTimeOffset? ClientRespondedAt, string? ClientResponseNote)
{
    internal static DisputeResponse From(Dispute d) => new(
        d.Id, d.AccountId, d.Reason, d.Channel, d.Details, d.Status.ToString(), d.WithinValidationPeriod, d.HoldsCollection, d.OpenedAt, d.Outcome, d.ResolvedAt,
        d.VerificationStage, d.DocumentsRespondBy, d.ClientRespondedAt, d.ClientResponseNote);
}

/// <summary>A dispute with its history.</summary>
/// <param name="Dispute">The dispute.</param>
/// <param name="History">What happened to it, oldest first.</param>
public sealed record DisputeDetailResponse(DisputeResponse Dispute, IReadOnlyList<HistoryEntryResponse> History);

/// <summary>One line of a case's history.</summary>
/// <param name="CaseId">The dispute or consumer request.</param>
/// <param name="CaseKind">dispute or consumer-request.</param>
/// <param name="Action">What happened.</param>
/// <param name="ActorId">Who did it.</param>
/// <param name="ActorKind">staff, client or consumer.</param>
/// <param name="At">When.</param>
/// <param name="Note">Reason, outcome or channel.</param>
public sealed record HistoryEntryResponse(Guid CaseId, string CaseKind, string Action, string ActorId, string ActorKind, DateTimeOffset At, string? Note)
{
    internal static HistoryEntryResponse From(CaseHistoryEntry e) => new(e.CaseId, e.CaseKind, e.Action, e.ActorId, e.ActorKind, e.At, e.Note);
}
