using System.Text;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>
/// The tenant admin's view of a service's dead letters at <c>api/v1/{service}/admin/dead-letters</c>: list,
/// read, replay (one, or every pending one of a message type) and discard with a reason. Only the tenant's own
/// letters exist for the caller: another tenant's id is 404.
/// </summary>
public static class DeadLettersApi
{
    internal const int MaxReasonLength = 500;
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    /// <summary>Maps the dead-letter endpoints of <paramref name="service"/>.</summary>
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app, string service)
    {
        var api = app.MapGroup($"api/v1/{service}/admin/dead-letters").WithTags("Dead letters");
        api.MapGet("/", ListDeadLetters)
            .WithSummary("List dead letters")
            .WithDescription("Messages of the tenant whose processing in this service failed after every retry, oldest first: message type and id, first and last failure, failed attempts and the exception. Pending ones by default; status=replayed or status=discarded shows the history. Tenant admins only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/{deadLetterId:guid}", GetDeadLetter)
            .WithSummary("Get a dead letter")
            .WithDescription("One dead letter with its headers, body and stack trace, and who replayed or discarded it. Tenant admins only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{deadLetterId:guid}/replay", ReplayDeadLetter)
            .WithSummary("Replay a dead letter")
            .WithDescription("Sends the message back to the queue it failed in, as it first arrived (same message id), after the cause was fixed. A letter already replayed or discarded is 409; a message the consumer already processed is not processed twice. If it fails again it comes back as pending. Tenant admins only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/replay", ReplayDeadLetters)
            .WithSummary("Replay every pending dead letter of a message type")
            .WithDescription("Replays the tenant's pending dead letters of one message type, oldest first, up to 500 per call; answers how many were sent. Tenant admins only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{deadLetterId:guid}/discard", DiscardDeadLetter)
            .WithSummary("Discard a dead letter")
            .WithDescription("Gives up on a message: it leaves the error queue and is never replayed. The reason is required and kept with who and when. Tenant admins only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>The tenant's dead letters.</summary>
    /// <param name="status">pending (default), replayed or discarded.</param>
    /// <param name="messageType">Only this message type, e.g. AccountPlaced.</param>
    /// <param name="limit">At most this many, 1 to 500; 50 when omitted.</param>
    /// <param name="caller">Must be a tenant admin.</param>
    /// <param name="deadLetters">The service's dead letters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<IReadOnlyList<DeadLetterSummary>>, ValidationProblem>> ListDeadLetters(
        string? status, string? messageType, int? limit, Caller caller, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var tenantId = RequireTenantAdmin(caller);
        var errors = new Dictionary<string, string[]>();
        status ??= DeadLetterStatus.Pending;
        if (status is not (DeadLetterStatus.Pending or DeadLetterStatus.Replayed or DeadLetterStatus.Discarded))
        {
            errors[nameof(status)] = ["One of pending, replayed, discarded."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors[nameof(limit)] = [$"Must be from 1 to {MaxLimit}."];
        }

        if (messageType is { Length: > 300 })
        {
            errors[nameof(messageType)] = ["At most 300 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var letters = await deadLetters.ListAsync(tenantId, status, string.IsNullOrWhiteSpace(messageType) ? null : messageType.Trim(), limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DeadLetterSummary>>([.. letters.Select(DeadLetterSummary.From)]);
    }

    /// <summary>One of the tenant's dead letters.</summary>
    /// <param name="deadLetterId">The dead letter's id.</param>
    /// <param name="caller">Must be a tenant admin.</param>
    /// <param name="deadLetters">The service's dead letters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<DeadLetterDetails>, NotFound>> GetDeadLetter(
        Guid deadLetterId, Caller caller, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var tenantId = RequireTenantAdmin(caller);
        var letter = await deadLetters.FindAsync(tenantId, deadLetterId, cancellationToken);
        return letter is null ? TypedResults.NotFound() : TypedResults.Ok(DeadLetterDetails.From(letter));
    }

    /// <summary>Sends one dead letter back to its queue.</summary>
    /// <param name="deadLetterId">The dead letter's id.</param>
    /// <param name="caller">Must be a tenant admin.</param>
    /// <param name="deadLetters">The service's dead letters.</param>
    /// <param name="cancellationToken">Cancels the request before the message is sent.</param>
    public static async Task<Results<Ok<DeadLetterDetails>, NotFound, ProblemHttpResult>> ReplayDeadLetter(
        Guid deadLetterId, Caller caller, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var tenantId = RequireTenantAdmin(caller);
        var (outcome, letter) = await deadLetters.ReplayAsync(tenantId, deadLetterId, caller.Subject, cancellationToken);
        return Answer(outcome, letter);
    }

    /// <summary>Replays every pending dead letter of one message type.</summary>
    /// <param name="request">The message type to replay.</param>
    /// <param name="caller">Must be a tenant admin.</param>
    /// <param name="deadLetters">The service's dead letters.</param>
    /// <param name="cancellationToken">Cancels the remaining replays.</param>
    public static async Task<Results<Ok<DeadLettersReplayed>, ValidationProblem>> ReplayDeadLetters(
        ReplayDeadLettersRequest? request, Caller caller, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var tenantId = RequireTenantAdmin(caller);
        if (request?.MessageType is not { } messageType || string.IsNullOrWhiteSpace(messageType) || messageType.Length > 300)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messageType"] = ["Required, at most 300 characters."] });
        }

        var replayed = await deadLetters.ReplayAllAsync(tenantId, messageType.Trim(), caller.Subject, MaxLimit, cancellationToken);
        return TypedResults.Ok(new DeadLettersReplayed(messageType.Trim(), replayed));
    }

    /// <summary>Gives up on one dead letter.</summary>
    /// <param name="deadLetterId">The dead letter's id.</param>
    /// <param name="request">Why it is given up on.</param>
    /// <param name="caller">Must be a tenant admin.</param>
    /// <param name="deadLetters">The service's dead letters.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<DeadLetterDetails>, NotFound, ProblemHttpResult, ValidationProblem>> DiscardDeadLetter(
        Guid deadLetterId, DiscardDeadLetterRequest? request, Caller caller, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var tenantId = RequireTenantAdmin(caller);
        if (request?.Reason is not { } reason || string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"Required, at most {MaxReasonLength} characters."] });
        }

        var (outcome, letter) = await deadLetters.DiscardAsync(tenantId, deadLetterId, caller.Subject, reason.Trim(), cancellationToken);
        return outcome switch
        {
            DeadLetterOutcome.Done => TypedResults.Ok(DeadLetterDetails.From(letter!)),
            DeadLetterOutcome.NotFound => TypedResults.NotFound(),
            _ => NotPending(letter!),
        };
    }

    private static Guid RequireTenantAdmin(Caller caller)
    {
        caller.RequireStaffRole(Roles.Admin);
        return caller.TenantId ?? throw new BusinessRuleException(RuleViolationKind.Forbidden, "tenant-required", "No tenant", "The caller's token names no tenant.");
    }

    private static Results<Ok<DeadLetterDetails>, NotFound, ProblemHttpResult> Answer(DeadLetterOutcome outcome, DeadLetter? letter) => outcome switch
    {
        DeadLetterOutcome.Done => TypedResults.Ok(DeadLetterDetails.From(letter!)),
        DeadLetterOutcome.NotFound => TypedResults.NotFound(),
        _ => NotPending(letter!),
    };

    private static ProblemHttpResult NotPending(DeadLetter letter) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Dead letter no longer pending",
        detail: $"Dead letter {letter.Id} is {letter.Status}; only a pending one can be replayed or discarded.",
        type: "https://collections.example/problems/dead-letter-not-pending");
}

/// <summary>A dead letter in a list.</summary>
/// <param name="Id">The dead letter's id.</param>
/// <param name="MessageId">The bus message id.</param>
/// <param name="MessageType">The message type, e.g. AccountPlaced.</param>
/// <param name="Queue">The queue it failed in.</param>
/// <param name="TenantId">The tenant it belongs to.</param>
/// <param name="FirstFailedAt">When its retries first ran out.</param>
/// <param name="LastFailedAt">When its retries last ran out.</param>
/// <param name="Attempts">Deliveries that failed, retries included.</param>
/// <param name="ExceptionType">The exception of its last failure.</param>
/// <param name="ExceptionMessage">That exception's message.</param>
/// <param name="Status">pending, replayed or discarded.</param>
public sealed record DeadLetterSummary(
    Guid Id, Guid MessageId, string MessageType, string Queue, Guid? TenantId, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt,
    int Attempts, string ExceptionType, string ExceptionMessage, string Status)
{
    internal static DeadLetterSummary From(DeadLetter l) => new(
        l.Id, l.MessageId, l.MessageType, l.Queue, l.TenantId, l.FirstFailedAt, l.LastFailedAt, l.Attempts, l.ExceptionType, l.ExceptionMessage, l.Status);
}

/// <summary>A dead letter in full.</summary>
/// <param name="Summary">What the list shows.</param>
/// <param name="Headers">The transport headers it arrived with.</param>
/// <param name="Body">The message body as it arrived (UTF-8).</param>
/// <param name="StackTrace">The stack trace of its last failure.</param>
/// <param name="ReplayCount">How often it was replayed.</param>
/// <param name="LastReplayedAt">When it was last replayed.</param>
/// <param name="LastReplayedBy">Who last replayed it.</param>
/// <param name="DiscardedAt">When it was discarded.</param>
/// <param name="DiscardedBy">Who discarded it.</param>
/// <param name="DiscardReason">Why it was discarded.</param>
public sealed record DeadLetterDetails(
    DeadLetterSummary Summary, IReadOnlyDictionary<string, string> Headers, string Body, string? StackTrace,
    int ReplayCount, DateTimeOffset? LastReplayedAt, string? LastReplayedBy, DateTimeOffset? DiscardedAt, string? DiscardedBy, string? DiscardReason)
{
    internal static DeadLetterDetails From(DeadLetter l) => new(
        DeadLetterSummary.From(l),
        JsonSerializer.Deserialize<Dictionary<string, string>>(l.Headers) ?? [],
        Encoding.UTF8.GetString(l.Body),
        l.StackTrace,
        l.ReplayCount,
        l.LastReplayedAt,
        l.LastReplayedBy,
        l.DiscardedAt,
        l.DiscardedBy,
        l.DiscardReason);
}

/// <summary>Which dead letters to replay.</summary>
/// <param name="MessageType">The message type, e.g. AccountPlaced.</param>
public sealed record ReplayDeadLettersRequest(string? MessageType);

/// <summary>How many dead letters were replayed.</summary>
/// <param name="MessageType">The message type replayed.</param>
/// <param name="Replayed">How many were sent back to their queue.</param>
public sealed record DeadLettersReplayed(string MessageType, int Replayed);

/// <summary>Why a dead letter is given up on.</summary>
/// <param name="Reason">Required; kept with who and when.</param>
public sealed record DiscardDeadLetterRequest(string? Reason);
