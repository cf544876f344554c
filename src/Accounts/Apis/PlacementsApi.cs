using System.Text;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Accounts.Apis;

/// <summary>Placements: many accounts at once, from a CSV file or a JSON array, with progress and rejects.</summary>
public static class PlacementsApi
{
    public const string Path = "/api/v1/accounts/placements";

    /// <summary>The largest placement body accepted, in bytes (the default request limit is 30 MB).</summary>
    public const long MaxBodyBytes = 4L * 1024 * 1024 * 1024;

    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapPlacementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accounts/placements").WithTags("Placements").RequireAuthorization(CallerPolicies.StaffOrClient);
        api.MapPost("/", Place)
            .Accepts<PlaceAccountRequest[]>(PlacementFile.JsonContentType, PlacementFile.CsvContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Place many accounts")
            .WithDescription(
                "Places the accounts of a JSON array (application/json, each item as for a single placement) or of a CSV file " +
                "(text/csv, a header row then one account per row; columns in the README). The body is read as it arrives and committed " +
                "in batches, so GET on the placement shows its progress meanwhile; the answer comes when the last row is committed (201). " +
                "Idempotent by client reference: a row already placed with the same facts is unchanged, with different facts a conflict; " +
                "invalid rows are rejected with their row number and reason (GET …/rejects) while the other rows are placed. " +
                "A client's key places for its own client; staff with the admin or supervisor role name the client with ?clientId=.");
        api.MapGet("/", ListPlacements)
            .WithSummary("List placements")
            .WithDescription("The placements the caller may see, newest first: staff all of the tenant's, a client's key its client's.");
        api.MapGet("/{placementId:guid}", GetPlacement)
            .WithSummary("Get a placement")
            .WithDescription("A placement's status and counters; they move while its rows are committed. Any placement the caller may not see is 404.");
        api.MapGet("/{placementId:guid}/rejects", GetRejects)
            .Produces<string>(StatusCodes.Status200OK, PlacementFile.CsvContentType)
            .WithSummary("Get a placement's rejected and conflicting rows")
            .WithDescription("CSV with the columns row, client_reference, outcome (rejected or conflict) and reason, in row order; a header only when every row was placed.");
        return app;
    }

    /// <summary>Places the accounts of the body under a new placement and answers with it once all are committed.</summary>
    /// <param name="clientId">The client the accounts are placed for: required for staff; a client's key may omit it and may not name another.</param>
    /// <param name="http">The request, whose body is read as a stream.</param>
    /// <param name="caller">Who places.</param>
    /// <param name="db">The Accounts database.</param>
    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="clock">Now.</param>
    /// <param name="signal">Wakes the outbox dispatcher after each batch.</param>
    /// <param name="json">The JSON options of request bodies.</param>
    /// <param name="cancellationToken">Ends when the caller goes away.</param>
    public static async Task<Results<Created<PlacementResponse>, ValidationProblem, ProblemHttpResult>> Place(
        Guid? clientId, HttpContext http, Caller caller, AccountsDbContext db, TenantContext tenant, TimeProvider clock, OutboxSignal signal,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var placingClient = PlacingClient(clientId, caller);
        if (placingClient is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(clientId)] = ["Required when staff place accounts: the client they are placed for."],
            });
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var today = AccountsApi.Today(clock);
        var mediaType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        IAsyncEnumerable<PlacementRow> rows;
        string format;
        if (string.Equals(mediaType, PlacementFile.CsvContentType, StringComparison.OrdinalIgnoreCase))
        {
            var (reader, columns, problem) = await PlacementFile.OpenCsvAsync(http.Request.Body, cancellationToken);
            if (problem is not null)
            {
                return BadBody(problem);
            }

            rows = PlacementFile.CsvRowsAsync(reader!, columns!, placingClient.Value, today, cancellationToken);
            format = "csv";
        }
        else if (string.Equals(mediaType, PlacementFile.JsonContentType, StringComparison.OrdinalIgnoreCase))
        {
            if (await PlacementFile.JsonArrayProblemAsync(http.Request.BodyReader, cancellationToken) is { } problem)
            {
                return BadBody(problem);
            }

            // Read through the same pipe that was peeked into: the bytes looked at are still there.
            rows = PlacementFile.JsonRowsAsync(http.Request.BodyReader.AsStream(), json.Value.SerializerOptions, placingClient.Value, today, cancellationToken);
            format = "json";
        }
        else
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported placement format",
                detail: $"Send a JSON array of accounts as {PlacementFile.JsonContentType} or a CSV file as {PlacementFile.CsvContentType}.");
        }

        var importer = new PlacementImporter(db, tenant, clock, signal);
        var placement = await importer.StartAsync(placingClient.Value, format, $"{caller.Actor}:{caller.Subject}", cancellationToken);
        try
        {
            placement = await importer.ImportAsync(placement, rows, cancellationToken);
        }
        catch (PlacementBodyException ex)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Placement body broken off",
                detail: ex.Message,
                type: "https://collections.example/problems/placement-body",
                extensions: new Dictionary<string, object?> { ["placementId"] = placement.Id });
        }
        catch (PlacementInterruptedException ex)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Placement interrupted",
                detail: ex.Message + " Re-send the file: rows already placed count as unchanged.",
                type: "https://collections.example/problems/placement-interrupted",
                extensions: new Dictionary<string, object?> { ["placementId"] = placement.Id });
        }

        return TypedResults.Created($"{Path}/{placement.Id}", PlacementResponse.From(placement));
    }

    /// <summary>The placements the caller may see, newest first, one page at a time.</summary>
    /// <param name="page">1-based page number; 1 when omitted.</param>
    /// <param name="pageSize">Placements per page, 1 to 100; 20 when omitted.</param>
    /// <param name="caller">Who is asking.</param>
    /// <param name="db">The Accounts database.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<PlacementPage>, ValidationProblem>> ListPlacements(
        int? page, int? pageSize, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors[nameof(page)] = ["Must be at least 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors[nameof(pageSize)] = [$"Must be from 1 to {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (number, size) = (page ?? 1, pageSize ?? DefaultPageSize);
        var placements = VisibleTo(db.Placements.AsNoTracking(), caller);
        var total = await placements.CountAsync(cancellationToken);
        var items = await placements.OrderByDescending(p => p.StartedAt).ThenByDescending(p => p.Id)
            .Skip((number - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PlacementPage([.. items.Select(PlacementResponse.From)], number, size, total));
    }

    /// <summary>One placement the caller may see, with its progress.</summary>
    public static async Task<Results<Ok<PlacementResponse>, NotFound>> GetPlacement(
        Guid placementId, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var placement = await VisibleTo(db.Placements.AsNoTracking(), caller).SingleOrDefaultAsync(p => p.Id == placementId, cancellationToken);
        return placement is null ? TypedResults.NotFound() : TypedResults.Ok(PlacementResponse.From(placement));
    }

    /// <summary>The rows of a placement that placed nothing, as CSV.</summary>
    public static async Task<Results<PushStreamHttpResult, NotFound>> GetRejects(
        Guid placementId, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        if (!await VisibleTo(db.Placements.AsNoTracking(), caller).AnyAsync(p => p.Id == placementId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
                await writer.WriteAsync(RejectsCsv.Header);
                await foreach (var reject in db.PlacementRejects.AsNoTracking()
                    .Where(r => r.PlacementId == placementId)
                    .OrderBy(r => r.RowNumber)
                    .AsAsyncEnumerable()
                    .WithCancellation(cancellationToken))
                {
                    await writer.WriteAsync(RejectsCsv.Line(reject));
                }
            },
            PlacementFile.CsvContentType + "; charset=utf-8",
            $"placement-{placementId}-rejects.csv");
    }

    /// <summary>Staff see every placement of the tenant (the query filter), a client's key its own client's, anyone else none.</summary>
    private static IQueryable<Placement> VisibleTo(IQueryable<Placement> placements, Caller caller) =>
        caller.IsStaff ? placements
        : caller.IsClient && caller.ClientId is { } own ? placements.Where(p => p.ClientId == own)
        : placements.Where(_ => false);

    /// <summary>The client placed for, as for a single placement: a client's key its own; staff who may place name it (null when they did not).</summary>
    private static Guid? PlacingClient(Guid? clientId, Caller caller)
    {
        if (caller.IsClient)
        {
            var own = caller.ClientId ?? throw new BusinessRuleException(
                RuleViolationKind.Forbidden, "client-required", "No client", "The caller's key does not name a client.");
            if (clientId is { } named && named != own)
            {
                throw new BusinessRuleException(RuleViolationKind.Forbidden, "other-client", "Not your client", "A client's key places accounts only for its own client.");
            }

            return own;
        }

        caller.RequireStaffRole(Roles.Admin, Roles.Supervisor);
        return clientId is { } id && id != Guid.Empty ? id : null;
    }

    private static ProblemHttpResult BadBody(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a placement", detail: detail, type: "https://collections.example/problems/placement-body");
}

/// <summary>The rejects CSV: the same quoting rules as a placement file.</summary>
internal static class RejectsCsv
{
    public const string Header = "row,client_reference,outcome,reason\r\n";

    public static string Line(PlacementReject reject) =>
        $"{reject.RowNumber},{Quote(reject.ClientReference)},{(reject.Outcome == PlacementOutcome.Conflict ? "conflict" : "rejected")},{Quote(reject.Reason)}\r\n";

    private static string Quote(string? value) =>
        value is null ? ""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;
}

/// <summary>A placement and how far it got.</summary>
/// <param name="Id">The placement's id.</param>
/// <param name="ClientId">The client the accounts are placed for.</param>
/// <param name="Format">"csv" or "json".</param>
/// <param name="Status">Receiving (rows arriving and being committed), Processing (body read, last rows being committed), Completed or Failed.</param>
/// <param name="RowsRead">Rows read and committed so far.</param>
/// <param name="Accepted">Rows that placed a new account.</param>
/// <param name="Unchanged">Rows already placed with the same facts: nothing changed, nothing published.</param>
/// <param name="Rejected">Invalid rows, placed nothing.</param>
/// <param name="Conflicts">Rows whose client reference is already placed with different facts; the account was not changed.</param>
/// <param name="StartedAt">When the placement started.</param>
/// <param name="FinishedAt">When it completed or failed.</param>
/// <param name="Failure">Why it failed; the rows committed before stay placed.</param>
public sealed record PlacementResponse(
    Guid Id,
    Guid ClientId,
    string Format,
    string Status,
    long RowsRead,
    long Accepted,
    long Unchanged,
    long Rejected,
    long Conflicts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Failure)
{
    internal static PlacementResponse From(Placement p) => new(
        p.Id, p.ClientId, p.Format, p.Status.ToString(), p.RowsRead, p.Accepted, p.Unchanged, p.Rejected, p.Conflicts, p.StartedAt, p.FinishedAt, p.Failure);
}

/// <summary>One page of placements.</summary>
/// <param name="Items">The placements on this page, newest first.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Placements per page asked for.</param>
/// <param name="TotalItems">Placements over all pages.</param>
public sealed record PlacementPage(IReadOnlyList<PlacementResponse> Items, int Page, int PageSize, int TotalItems);
