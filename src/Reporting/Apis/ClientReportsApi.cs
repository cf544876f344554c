using System.ComponentModel;
using System.Globalization;
using System.Text;
using Collections.BuildingBlocks.Security;
using Collections.Reporting.Domain;
using Collections.Reporting.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Reporting.Apis;

/// <summary>
/// Reports for clients: their placements, collections, remittance statements and account statuses, as JSON or CSV.
/// A client's key sees only its own accounts; staff see the tenant's, optionally narrowed to one client.
/// </summary>
public static class ClientReportsApi
{
    /// <summary>Most rows one report returns; narrow the range for more.</summary>
    public const int MaxRows = 100_000;

    public static IEndpointRouteBuilder MapClientReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("api/v1/reporting/client-reports").WithTags("Client reports")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        reports.MapGet("/placements", GetPlacements).Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("Placements")
            .WithDescription($"Accounts placed in the range (by placement instant): reference, placement, balance. format=json (default) or csv. At most {MaxRows} rows.");
        reports.MapGet("/collections", GetCollections).Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("Collections")
            .WithDescription($"Payments posted and reversed in the range, per account. format=json (default) or csv. At most {MaxRows} rows.");
        reports.MapGet("/remittances", GetRemittances).Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("Remittance statements")
            .WithDescription($"Remittance statements whose period overlaps the range. format=json (default) or csv. At most {MaxRows} rows.");
        reports.MapGet("/statuses", GetStatuses).Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("Account statuses")
            .WithDescription($"Every placed account with its current status, balance and holds. format=json (default) or csv. At most {MaxRows} rows.");
        return app;
    }

    public static async Task<Results<Ok<List<PlacementRow>>, FileContentHttpResult, ValidationProblem>> GetPlacements(
        [AsParameters] ReportParameters parameters, ReportingDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (parameters.Check(caller) is { } problem)
        {
            return problem;
        }

        var rows = await Accounts(db, caller, parameters)
            .Where(a => a.PlacedAt >= parameters.FromUtc && a.PlacedAt < parameters.ToUtc)
            .OrderBy(a => a.PlacedAt).ThenBy(a => a.AccountId)
            .Take(MaxRows)
            .Select(a => new PlacementRow(a.AccountId, a.ClientId, a.ClientReference ?? "", a.PlacementId, a.PlacedAt!.Value, a.PlacedBalance ?? 0m, a.Currency ?? "", a.DelinquencyDate))
            .ToListAsync(cancellationToken);
        return parameters.IsCsv ? Csv("placements", "accountId,clientId,clientReference,placementId,placedAt,placedBalance,currency,delinquencyDate", rows,
            r => [r.AccountId, r.ClientId, r.ClientReference, r.PlacementId, r.PlacedAt, r.PlacedBalance, r.Currency, r.DelinquencyDate]) : TypedResults.Ok(rows);
    }

    public static async Task<Results<Ok<List<CollectionRow>>, FileContentHttpResult, ValidationProblem>> GetCollections(
        [AsParameters] ReportParameters parameters, ReportingDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (parameters.Check(caller) is { } problem)
        {
            return problem;
        }

        var clientId = parameters.ClientFor(caller);
        var facts = db.Facts.AsNoTracking()
            .Where(f => (f.Kind == FactKinds.Payment || f.Kind == FactKinds.Reversal) && f.OccurredAt >= parameters.FromUtc && f.OccurredAt < parameters.ToUtc);
        if (clientId is { } id)
        {
            facts = facts.Where(f => f.ClientId == id);
        }

        var rows = await facts
            .OrderBy(f => f.OccurredAt).ThenBy(f => f.Key)
            .Take(MaxRows)
            .Select(f => new CollectionRow(
                f.OccurredAt, f.AccountId!.Value, f.ClientId!.Value,
                db.Accounts.Where(a => a.AccountId == f.AccountId).Select(a => a.ClientReference).FirstOrDefault(),
                f.Key, f.Kind == FactKinds.Payment ? "payment" : "reversal", f.Kind == FactKinds.Payment ? f.Amount ?? 0m : -(f.Amount ?? 0m), f.Currency ?? ""))
            .ToListAsync(cancellationToken);
        return parameters.IsCsv ? Csv("collections", "occurredAt,accountId,clientId,clientReference,paymentId,kind,amount,currency", rows,
            r => [r.OccurredAt, r.AccountId, r.ClientId, r.ClientReference, r.PaymentId, r.Kind, r.Amount, r.Currency]) : TypedResults.Ok(rows);
    }

    public static async Task<Results<Ok<List<RemittanceRow>>, FileContentHttpResult, ValidationProblem>> GetRemittances(
        [AsParameters] ReportParameters parameters, ReportingDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (parameters.Check(caller) is { } problem)
        {
            return problem;
        }

        var clientId = parameters.ClientFor(caller);
        var from = DateOnly.FromDateTime(parameters.FromUtc.UtcDateTime);
        var to = DateOnly.FromDateTime(parameters.ToUtc.UtcDateTime);
        var statements = db.RemittanceStatements.AsNoTracking().Where(s => s.PeriodEnd >= from && s.PeriodStart < to);
        if (clientId is { } id)
        {
            statements = statements.Where(s => s.ClientId == id);
        }

        var rows = await statements.OrderBy(s => s.PeriodStart).ThenBy(s => s.StatementId).Take(MaxRows)
            .Select(s => new RemittanceRow(s.StatementId, s.ClientId, s.PeriodStart, s.PeriodEnd, s.Collected, s.Reversed, s.Fees, s.NetDue, s.Currency, s.IssuedAt))
            .ToListAsync(cancellationToken);
        return parameters.IsCsv ? Csv("remittances", "statementId,clientId,periodStart,periodEnd,collected,reversed,fees,netDue,currency,issuedAt", rows,
            r => [r.StatementId, r.ClientId, r.PeriodStart, r.PeriodEnd, r.Collected, r.Reversed, r.Fees, r.NetDue, r.Currency, r.IssuedAt]) : TypedResults.Ok(rows);
    }

    public static async Task<Results<Ok<List<StatusRow>>, FileContentHttpResult, ValidationProblem>> GetStatuses(
        [AsParameters] ReportParameters parameters, ReportingDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (parameters.Check(caller) is { } problem)
        {
            return problem;
        }

        var rows = await Accounts(db, caller, parameters)
            .Where(a => a.PlacedAt < parameters.ToUtc)
            .OrderBy(a => a.ClientReference).ThenBy(a => a.AccountId)
            .Take(MaxRows)
            .Select(a => new StatusRow(a.AccountId, a.ClientId, a.ClientReference ?? "", a.Status, a.Balance, a.Currency ?? "", a.Holds, a.RecalledAt, a.ClosedAt))
            .ToListAsync(cancellationToken);
        return parameters.IsCsv ? Csv("statuses", "accountId,clientId,clientReference,status,balance,currency,holds,recalledAt,closedAt", rows,
            r => [r.AccountId, r.ClientId, r.ClientReference, r.Status, r.Balance, r.Currency, r.Holds, r.RecalledAt, r.ClosedAt]) : TypedResults.Ok(rows);
    }

    private static IQueryable<ReportAccount> Accounts(ReportingDbContext db, Caller caller, ReportParameters parameters)
    {
        var accounts = db.Accounts.AsNoTracking().VisibleTo(caller).Where(a => a.PlacedAt != null);
        return parameters.ClientId is { } clientId && caller.IsStaff ? accounts.Where(a => a.ClientId == clientId) : accounts;
    }

    private static FileContentHttpResult Csv<T>(string name, string header, IEnumerable<T> rows, Func<T, object?[]> fields)
    {
        var csv = new StringBuilder(header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', fields(row).Select(Field)).Append("\r\n");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"{name}.csv");
    }

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not evaluate it.</summary>
    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.Length > 0 && value is string && "=+-@".Contains(text[0]))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}

/// <summary>Range, client and format of a client report.</summary>
/// <param name="From">Start, inclusive (ISO 8601 instant, read as UTC); default the beginning of time.</param>
/// <param name="To">End, exclusive (ISO 8601 instant, read as UTC); default now.</param>
/// <param name="ClientId">Staff: only this client. A client's key always gets its own.</param>
/// <param name="Format">"json" (default) or "csv".</param>
public sealed record ReportParameters(
    [property: Description("Start, inclusive (ISO 8601 instant, read as UTC).")] DateTimeOffset? From,
    [property: Description("End, exclusive (ISO 8601 instant, read as UTC).")] DateTimeOffset? To,
    [property: Description("Staff: only this client's accounts.")] Guid? ClientId,
    [property: Description("\"json\" (default) or \"csv\".")] string? Format)
{
    public DateTimeOffset FromUtc => From?.ToUniversalTime() ?? DateTimeOffset.UnixEpoch;

    public DateTimeOffset ToUtc => To?.ToUniversalTime() ?? DateTimeOffset.MaxValue.ToUniversalTime();

    public bool IsCsv => Format == "csv";

    /// <summary>The client the caller may see: a client key its own, staff the one asked for (or all).</summary>
    public Guid? ClientFor(Caller caller) => caller.IsClient ? caller.ClientId : ClientId;

    public ValidationProblem? Check(Caller caller)
    {
        caller.RequireActor(ActorKinds.Staff, ActorKinds.Client);
        var errors = new Dictionary<string, string[]>();
        if (Format is not (null or "json" or "csv"))
        {
            errors["format"] = ["\"json\" or \"csv\"."];
        }

        if (ToUtc <= FromUtc)
        {
            errors["to"] = ["Must be after from."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}

/// <summary>One placed account.</summary>
public sealed record PlacementRow(Guid AccountId, Guid ClientId, string ClientReference, Guid? PlacementId, DateTimeOffset PlacedAt, decimal PlacedBalance, string Currency, DateOnly? DelinquencyDate);

/// <summary>A payment (positive) or a reversal of one (negative).</summary>
public sealed record CollectionRow(DateTimeOffset OccurredAt, Guid AccountId, Guid ClientId, string? ClientReference, string PaymentId, string Kind, decimal Amount, string Currency);

/// <summary>A remittance statement.</summary>
public sealed record RemittanceRow(Guid StatementId, Guid ClientId, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Collected, decimal Reversed, decimal Fees, decimal NetDue, string Currency, DateTimeOffset IssuedAt);

/// <summary>An account's current status.</summary>
public sealed record StatusRow(Guid AccountId, Guid ClientId, string ClientReference, string? Status, decimal? Balance, string Currency, string? Holds, DateTimeOffset? RecalledAt, DateTimeOffset? ClosedAt);
