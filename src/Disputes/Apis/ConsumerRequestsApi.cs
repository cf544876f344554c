using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Disputes.Apis;

/// <summary>Cease-communication, attorney, bankruptcy and deceased notices, and their reversal.</summary>
public static class ConsumerRequestsApi
{
    private const int MaxNoteLength = 2000;

    public static IEndpointRouteBuilder MapConsumerRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/disputes/accounts/{accountId:guid}/requests").WithTags("Consumer requests");
        api.MapPost("/", RecordRequest)
            .WithSummary("Record a consumer request")
            .WithDescription("Records a cease-communication, attorney-representation, bankruptcy or deceased notice with its evidence; Accounts places the matching hold (ConsumerRequestRecorded).");
        api.MapGet("/", ListRequests).WithSummary("List an account's consumer requests");
        api.MapGet("/{requestId:guid}", GetRequest).WithSummary("Get a consumer request with its history");
        api.MapPost("/{requestId:guid}/reversal", ReverseRequest)
            .WithSummary("Reverse a consumer request")
            .WithDescription("With a reason. A cease-communication only a compliance officer may reverse; the others supervisors, compliance officers and admins. Raises ConsumerRequestReversed.");
        return app;
    }

    /// <summary>Records a consumer request on the account.</summary>
    public static async Task<Results<Created<ConsumerRequestResponse>, NotFound, ValidationProblem>> RecordRequest(
        Guid accountId, RecordConsumerRequest request, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (details, errors) = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await db.AccountVisibleToAsync(accountId, caller, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var (recorded, history) = ConsumerRequest.Record(account, request.Kind!, details, caller.AsActor(), now);
        db.ConsumerRequests.Add(recorded);
        db.CaseHistory.Add(history);
        db.AddIntegrationEvent(new ConsumerRequestRecorded
        {
            TenantId = recorded.TenantId,
            OccurredAt = now,
            RequestId = recorded.Id,
            AccountId = recorded.AccountId,
            ClientId = recorded.ClientId,
            Kind = recorded.Kind,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/disputes/accounts/{accountId}/requests/{recorded.Id}", ConsumerRequestResponse.From(recorded));
    }

    /// <summary>The account's consumer requests, newest first.</summary>
    public static async Task<Results<Ok<List<ConsumerRequestResponse>>, NotFound>> ListRequests(
        Guid accountId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var requests = await db.ConsumerRequests.AsNoTracking().Where(r => r.AccountId == accountId)
            .OrderByDescending(r => r.RecordedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(requests.Select(ConsumerRequestResponse.From).ToList());
    }

    /// <summary>One consumer request of the account, with its history.</summary>
    public static async Task<Results<Ok<ConsumerRequestDetailResponse>, NotFound>> GetRequest(
        Guid accountId, Guid requestId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        var request = await VisibleRequest(db, accountId, requestId, caller, cancellationToken);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        var history = await DisputesApi.HistoryOf(db, accountId, requestId, cancellationToken);
        return TypedResults.Ok(new ConsumerRequestDetailResponse(ConsumerRequestResponse.From(request), history));
    }

    /// <summary>Reverses a consumer request; the hold it placed is released.</summary>
    public static async Task<Results<Ok<ConsumerRequestResponse>, NotFound, ValidationProblem>> ReverseRequest(
        Guid accountId, Guid requestId, ReverseConsumerRequest reversal, Caller caller, DisputesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = CaseCaller.Optional(reversal.Reason, nameof(reversal.Reason), MaxNoteLength, errors);
        if (reason is null)
        {
            errors[nameof(reversal.Reason)] = ["Required: why the request is reversed."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var request = await VisibleRequest(db, accountId, requestId, caller, cancellationToken);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        caller.RequireStaffRole([.. request.RolesThatMayReverse]);
        var now = clock.GetUtcNow();
        db.CaseHistory.Add(request.Reverse(reason!, caller.AsActor(), now));
        db.AddIntegrationEvent(new ConsumerRequestReversed
        {
            TenantId = request.TenantId,
            OccurredAt = now,
            RequestId = request.Id,
            AccountId = request.AccountId,
            ClientId = request.ClientId,
            Kind = request.Kind,
            Reason = reason!,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ConsumerRequestResponse.From(request));
    }

    private static async Task<ConsumerRequest?> VisibleRequest(DisputesDbContext db, Guid accountId, Guid requestId, Caller caller, CancellationToken cancellationToken) =>
        await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null
            ? null
            : await db.ConsumerRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.AccountId == accountId, cancellationToken);
}

/// <summary>A consumer request to record. Which details are required depends on the kind.</summary>
/// <param name="Kind">cease-communication, attorney-representation, bankruptcy or deceased.</param>
/// <param name="AttorneyName">Required for attorney-representation.</param>
/// <param name="AttorneyPhone">Attorney-representation: a phone or an address is required.</param>
/// <param name="AttorneyAddress">Attorney-representation: a phone or an address is required.</param>
/// <param name="BankruptcyCaseNumber">Required for bankruptcy.</param>
/// <param name="BankruptcyChapter">Required for bankruptcy: 7, 11 or 13.</param>
/// <param name="BankruptcyFiledOn">Required for bankruptcy: the filing date, not in the future.</param>
/// <param name="DateOfDeath">Required for deceased: not in the future.</param>
/// <param name="EvidenceNote">What the request rests on, up to 2000 characters.</param>
public sealed record RecordConsumerRequest(
    string? Kind,
    string? AttorneyName,
    string? AttorneyPhone,
    string? AttorneyAddress,
    string? BankruptcyCaseNumber,
    int? BankruptcyChapter,
    DateOnly? BankruptcyFiledOn,
    DateOnly? DateOfDeath,
    string? EvidenceNote)
{
    internal (ConsumerRequestDetails Details, Dictionary<string, string[]> Errors) Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (Kind is null || !ConsumerRequestKinds.All.Contains(Kind))
        {
            errors[nameof(Kind)] = [$"One of: {string.Join(", ", ConsumerRequestKinds.All)}."];
        }

        var attorneyName = CaseCaller.Optional(AttorneyName, nameof(AttorneyName), 200, errors);
        var attorneyPhone = CaseCaller.Optional(AttorneyPhone, nameof(AttorneyPhone), 32, errors);
        var attorneyAddress = CaseCaller.Optional(AttorneyAddress, nameof(AttorneyAddress), 500, errors);
        var caseNumber = CaseCaller.Optional(BankruptcyCaseNumber, nameof(BankruptcyCaseNumber), 64, errors);
        var evidence = CaseCaller.Optional(EvidenceNote, nameof(EvidenceNote), 2000, errors);
        switch (Kind)
        {
            case ConsumerRequestKinds.AttorneyRepresentation:
                Require(attorneyName, nameof(AttorneyName), "The attorney's name.", errors);
                if (attorneyPhone is null && attorneyAddress is null)
                {
                    errors[nameof(AttorneyPhone)] = ["The attorney's phone or address."];
                }

                break;
            case ConsumerRequestKinds.Bankruptcy:
                Require(caseNumber, nameof(BankruptcyCaseNumber), "The bankruptcy case number.", errors);
                if (BankruptcyChapter is not { } chapter || !ConsumerRequestKinds.BankruptcyChapters.Contains(chapter))
                {
                    errors[nameof(BankruptcyChapter)] = ["7, 11 or 13."];
                }

                if (BankruptcyFiledOn is not { } filed || filed > today)
                {
                    errors[nameof(BankruptcyFiledOn)] = ["The filing date (yyyy-MM-dd), not in the future."];
                }

                break;
            case ConsumerRequestKinds.Deceased:
                if (DateOfDeath is not { } died || died > today)
                {
                    errors[nameof(DateOfDeath)] = ["The date of death (yyyy-MM-dd), not in the future."];
                }

                break;
        }

        return (new ConsumerRequestDetails(attorneyName, attorneyPhone, attorneyAddress, caseNumber, BankruptcyChapter, BankruptcyFiledOn, DateOfDeath, evidence), errors);
    }

    private static void Require(string? value, string field, string what, Dictionary<string, string[]> errors)
    {
        if (value is null && !errors.ContainsKey(field))
        {
            errors[field] = [$"Required: {what}"];
        }
    }
}

/// <summary>Why a consumer request is reversed.</summary>
/// <param name="Reason">Required, up to 2000 characters.</param>
public sealed record ReverseConsumerRequest(string? Reason);

/// <summary>A consumer request as the API shows it.</summary>
/// <param name="Id">The request.</param>
/// <param name="AccountId">The account it applies to.</param>
/// <param name="Kind">cease-communication, attorney-representation, bankruptcy or deceased.</param>
/// <param name="AttorneyName">The representing attorney.</param>
/// <param name="AttorneyPhone">The attorney's phone.</param>
/// <param name="AttorneyAddress">The attorney's address.</param>
/// <param name="BankruptcyCaseNumber">The bankruptcy case number.</param>
/// <param name="BankruptcyChapter">7, 11 or 13.</param>
/// <param name="BankruptcyFiledOn">The filing date.</param>
/// <param name="DateOfDeath">The consumer's date of death.</param>
/// <param name="EvidenceNote">What the request rests on.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="ReversedAt">When it was reversed; null while in force.</param>
/// <param name="ReversalReason">Why it was reversed.</param>
public sealed record ConsumerRequestResponse(
    Guid Id, Guid AccountId, string Kind, string? AttorneyName, string? AttorneyPhone, string? AttorneyAddress, string? BankruptcyCaseNumber,
    int? BankruptcyChapter, DateOnly? BankruptcyFiledOn, DateOnly? DateOfDeath, string? EvidenceNote, DateTimeOffset RecordedAt,
    DateTimeOffset? ReversedAt, string? ReversalReason)
{
    internal static ConsumerRequestResponse From(ConsumerRequest r) => new(
        r.Id, r.AccountId, r.Kind, r.AttorneyName, r.AttorneyPhone, r.AttorneyAddress, r.BankruptcyCaseNumber, r.BankruptcyChapter,
        r.BankruptcyFiledOn, r.DateOfDeath, r.EvidenceNote, r.RecordedAt, r.ReversedAt, r.ReversalReason);
}

/// <summary>A consumer request with its history.</summary>
/// <param name="Request">The request.</param>
/// <param name="History">What happened to it, oldest first.</param>
public sealed record ConsumerRequestDetailResponse(ConsumerRequestResponse Request, IReadOnlyList<HistoryEntryResponse> History);
