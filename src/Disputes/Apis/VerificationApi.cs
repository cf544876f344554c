using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Disputes.Apis;

/// <summary>Verifying a disputed debt with the client: the request for documents and the client's answer.</summary>
public static class VerificationApi
{
    private const int MaxNoteLength = 2000;

    /// <summary>The latest a client may be given to answer.</summary>
    private static readonly TimeSpan LongestResponseTime = TimeSpan.FromDays(90);

    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/disputes/accounts/{accountId:guid}/disputes/{disputeId:guid}").WithTags("Disputes");
        api.MapPost("/document-request", RequestDocuments)
            .WithSummary("Ask the client for verification documents")
            .WithDescription("Staff. Raises VerificationDocumentsRequested (and the client's dispute.verification_requested webhook) with the instant the answer is due: respondBy, or Disputes:VerificationResponseTime from now (15 days by default); at most 90 days ahead.");
        api.MapPost("/client-response", RecordClientResponse)
            .WithSummary("The client's answer to the request for documents")
            .WithDescription("The account's client only. documents-provided needs at least one document the client attached to the dispute since the request; cannot-verify means verification cannot be sent and staff close or correct the account instead.");
        return app;
    }

    /// <summary>Asks the client for the documents that verify the debt.</summary>
    public static async Task<Results<Ok<DisputeResponse>, NotFound, ValidationProblem>> RequestDocuments(
        Guid accountId, Guid disputeId, RequestDocumentsRequest request, Caller caller, DisputesDbContext db, IOptions<DisputesOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var note = CaseCaller.Optional(request.Note, nameof(request.Note), MaxNoteLength, errors);
        var respondBy = request.RespondBy?.ToUniversalTime() ?? now + options.Value.VerificationResponseTime;
        if (respondBy <= now || respondBy > now + LongestResponseTime)
        {
            errors[nameof(request.RespondBy)] = ["In the future, at most 90 days ahead."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var dispute = await VisibleDisputeAsync(db, accountId, disputeId, caller, cancellationToken);
        if (dispute is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireStaffRole(CaseCaller.AnyStaff);
        db.CaseHistory.Add(dispute.RequestDocuments(respondBy, note, caller.AsActor(), now));
        db.AddIntegrationEvent(new VerificationDocumentsRequested
        {
            TenantId = dispute.TenantId,
            OccurredAt = now,
            DisputeId = dispute.Id,
            AccountId = dispute.AccountId,
            ClientId = dispute.ClientId,
            Reason = dispute.Reason,
            RespondBy = respondBy,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DisputeResponse.From(dispute));
    }

    /// <summary>Records the client's answer: documents provided, or the debt cannot be verified.</summary>
    public static async Task<Results<Ok<DisputeResponse>, NotFound, ValidationProblem>> RecordClientResponse(
        Guid accountId, Guid disputeId, ClientResponseRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Response is null || !DisputeVocabulary.ClientResponses.Contains(request.Response))
        {
            errors[nameof(request.Response)] = [$"One of: {string.Join(", ", DisputeVocabulary.ClientResponses)}."];
        }

        var note = CaseCaller.Optional(request.Note, nameof(request.Note), MaxNoteLength, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var dispute = await VisibleDisputeAsync(db, accountId, disputeId, caller, cancellationToken);
        if (dispute is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireActor(ActorKinds.Client);
        var requestedAt = dispute.DocumentsRequestedAt ?? DateTimeOffset.MaxValue;
        var documents = await db.Attachments.CountAsync(
            a => a.CaseId == dispute.Id && a.CaseKind == "dispute" && a.UploaderKind == ActorKinds.Client && a.UploadedAt >= requestedAt, cancellationToken);
        db.CaseHistory.Add(dispute.RecordClientResponse(request.Response!, note, documents, caller.AsActor(), clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DisputeResponse.From(dispute));
    }

    private static async Task<Dispute?> VisibleDisputeAsync(DisputesDbContext db, Guid accountId, Guid disputeId, Caller caller, CancellationToken cancellationToken) =>
        await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null
            ? null
            : await db.Disputes.SingleOrDefaultAsync(d => d.Id == disputeId && d.AccountId == accountId, cancellationToken);
}

/// <summary>A request to the client for verification documents.</summary>
/// <param name="RespondBy">When the client's answer is due; by default Disputes:VerificationResponseTime from now.</param>
/// <param name="Note">What is needed, up to 2000 characters.</param>
public sealed record RequestDocumentsRequest(DateTimeOffset? RespondBy, string? Note);

/// <summary>The client's answer to a request for documents.</summary>
/// <param name="Response">documents-provided (attach them to the dispute first) or cannot-verify.</param>
/// <param name="Note">Up to 2000 characters.</param>
public sealed record ClientResponseRequest(string? Response, string? Note);
