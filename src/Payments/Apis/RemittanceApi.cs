using System.Globalization;
using System.Text;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Collections.Payments.Apis;

/// <summary>
/// Remittance to clients: their bank accounts and the tenant's ACH origination details (tenant
/// admins), statements per client and period (issued by supervisors and admins), and their CSV and
/// NACHA exports. A client's API key lists and downloads only its own statements.
/// </summary>
public static class RemittanceApi
{
    private const int MaxPeriodDays = 366;
    private static readonly string[] StatementReaders = [Roles.Supervisor, Roles.Admin, Roles.ComplianceOfficer];
    private static readonly string[] StatementIssuers = [Roles.Supervisor, Roles.Admin];

    public static IEndpointRouteBuilder MapRemittanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/payments/remittance").WithTags("Remittance");
        api.MapPut("/originator", ChangeOriginator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Set the tenant's ACH origination details")
            .WithDescription("Company name (≤ 16), company identification (10 characters), originating bank routing number (nine digits, valid check digit) and name (≤ 23), as the tenant's bank assigned them for its ACH credit files. Tenant admins only.");
        api.MapGet("/originator", GetOriginator)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get the tenant's ACH origination details");
        api.MapPut("/clients/{clientId:guid}/bank-account", ChangeBankAccount)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Set the bank account a client's remittances are credited to")
            .WithDescription("Account holder name (≤ 22), routing number (nine digits, valid check digit), account number (4 to 17 digits) and type (checking or savings). The account number is stored encrypted and never shown again: responses carry its last four digits. Tenant admins only; 404 for a client the tenant does not know.");
        api.MapGet("/clients/{clientId:guid}/bank-account", GetBankAccount)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a client's remittance bank account (last four digits only)");
        api.MapGet("/clients/{clientId:guid}/fee-rates", ListFeeRates)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A client's contingency fee rates")
            .WithDescription("Every contingency fee percentage the client had, newest first, with the instant it took effect (from ClientSettingsChanged). Staff supervisors, admins and compliance officers.");
        api.MapPost("/statements", IssueStatement)
            .Produces<StatementResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Issue a client's remittance statement for a period")
            .WithDescription("Carries every payment posted and every reversal made before the end of the period that no earlier statement carried (reversals of payments already remitted are deductions), with the fee split each payment used, and the net due. Days are counted in timeZone (an IANA zone, UTC by default). The period must be over and start after the client's previous statement in that currency. Statements are numbered per tenant and immutable. Staff supervisors and admins.");
        api.MapGet("/statements", ListStatements)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("List remittance statements")
            .WithDescription("Newest first, without lines. Staff see the tenant's (optionally one client's); a client's API key only its own.");
        api.MapGet("/statements/{statementId:guid}", GetStatement)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a remittance statement with its lines");
        api.MapGet("/statements/{statementId:guid}/csv", GetStatementCsv)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Download a remittance statement as CSV");
        api.MapGet("/statements/{statementId:guid}/nacha", GetStatementAchFile)
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Download the NACHA ACH credit file paying a statement's net due")
            .WithDescription("One CCD credit of the net due to the client's remittance bank account, for the tenant's originating bank. 409 when the originator or the client's bank account is not set, 422 when the net due is not positive. Staff supervisors and admins.");
        return app;
    }

    public static async Task<Results<Ok<OriginatorResponse>, ValidationProblem>> ChangeOriginator(
        OriginatorRequest request, Caller caller, PaymentsDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var originator = await db.RemittanceOriginators.SingleOrDefaultAsync(cancellationToken);
        if (originator is null)
        {
            originator = RemittanceOriginator.For(tenant.RequiredTenantId);
            db.RemittanceOriginators.Add(originator);
        }

        originator.Change(request.CompanyName!.Trim(), request.CompanyIdentification!, request.OriginatingBankRouting!, request.OriginatingBankName!.Trim(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(OriginatorResponse.From(originator));
    }

    public static async Task<Results<Ok<OriginatorResponse>, NotFound>> GetOriginator(Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var originator = await db.RemittanceOriginators.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return originator is null ? TypedResults.NotFound() : TypedResults.Ok(OriginatorResponse.From(originator));
    }

    public static async Task<Results<Ok<BankAccountResponse>, ValidationProblem, NotFound, ProblemHttpResult>> ChangeBankAccount(
        Guid clientId, BankAccountRequest request, Caller caller, PaymentsDbContext db, TenantContext tenant, BankAccountNumbers numbers, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!numbers.IsConfigured)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Bank accounts cannot be stored",
                detail: "The key that encrypts remittance bank account numbers is not configured.",
                type: Problems.Type("remittance-key-missing"));
        }

        var payee = await KnownClientAsync(db, tenant.RequiredTenantId, clientId, cancellationToken);
        if (payee is null)
        {
            return TypedResults.NotFound();
        }

        var accountNumber = request.AccountNumber!;
        payee.ChangeBankAccount(
            request.AccountName!.Trim(), request.RoutingNumber!, numbers.Encrypt(accountNumber), accountNumber[^4..], request.Type!.Value, caller.Subject, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(BankAccountResponse.From(payee));
    }

    public static async Task<Results<Ok<BankAccountResponse>, NotFound>> GetBankAccount(Guid clientId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin, Roles.Supervisor);
        var payee = await db.ClientPayees.AsNoTracking().SingleOrDefaultAsync(p => p.ClientId == clientId, cancellationToken);
        return payee is null || !payee.HasBankAccount ? TypedResults.NotFound() : TypedResults.Ok(BankAccountResponse.From(payee));
    }

    public static async Task<Results<Ok<List<FeeRateResponse>>, NotFound>> ListFeeRates(Guid clientId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StatementReaders);
        var rates = await db.ContingencyFeeRates.AsNoTracking()
            .Where(r => r.ClientId == clientId)
            .OrderByDescending(r => r.EffectiveFrom)
            .Select(r => new FeeRateResponse(r.Percent, r.EffectiveFrom))
            .ToListAsync(cancellationToken);
        return rates.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(rates);
    }

    public static async Task<Results<Created<StatementResponse>, ValidationProblem, NotFound, ProblemHttpResult>> IssueStatement(
        IssueStatementRequest request, Caller caller, PaymentsDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StatementIssuers);
        var (errors, zone) = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenantId = tenant.RequiredTenantId;
        var clientId = request.ClientId!.Value;
        var currency = request.Currency!;
        var period = StatementPeriod.Of(request.PeriodStart!.Value, request.PeriodEnd!.Value, zone!);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await KnownClientAsync(db, tenantId, clientId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        if (period.EndsAt > now)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "period-not-over", "The period is not over", $"The period ends at {period.EndsAt:O}; issue its statement after that.");
        }

        var lastEnd = await db.RemittanceStatements.AsNoTracking()
            .Where(s => s.ClientId == clientId && s.Currency == currency)
            .MaxAsync(s => (DateOnly?)s.PeriodEnd, cancellationToken);
        if (lastEnd is { } end && period.Start <= end)
        {
            return Problem(StatusCodes.Status409Conflict, "period-overlaps", "The period overlaps an issued statement", $"The client's last {currency} statement ends on {end:yyyy-MM-dd}; start the next period after it.");
        }

        RemittanceStatement statement;
        try
        {
            statement = await RemittanceStatements.IssueAsync(db, tenantId, clientId, currency, period, caller.Subject, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problem(StatusCodes.Status409Conflict, "statement-conflict", "Another statement was issued meanwhile", "Retry: a concurrent statement already carried some of these payments.");
        }

        return TypedResults.Created($"/api/v1/payments/remittance/statements/{statement.Id}", StatementResponse.From(statement, withLines: true));
    }

    public static async Task<Ok<List<StatementResponse>>> ListStatements(Guid? clientId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var statements = VisibleStatements(db, caller).AsNoTracking();
        if (clientId is { } id)
        {
            statements = statements.Where(s => s.ClientId == id);
        }

        var list = await statements.OrderByDescending(s => s.Number).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(s => StatementResponse.From(s, withLines: false)).ToList());
    }

    public static async Task<Results<Ok<StatementResponse>, NotFound>> GetStatement(Guid statementId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var statement = await FindAsync(db, caller, statementId, cancellationToken);
        return statement is null ? TypedResults.NotFound() : TypedResults.Ok(StatementResponse.From(statement, withLines: true));
    }

    public static async Task<IResult> GetStatementCsv(Guid statementId, Caller caller, PaymentsDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var statement = await FindAsync(db, caller, statementId, cancellationToken);
        if (statement is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"remittance-{statement.Number}.csv\"";
        return Results.Text(StatementCsv.Write(statement), "text/csv", Encoding.UTF8);
    }

    public static async Task<IResult> GetStatementAchFile(Guid statementId, Caller caller, PaymentsDbContext db, BankAccountNumbers numbers, HttpContext http, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StatementIssuers);
        var statement = await db.RemittanceStatements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == statementId, cancellationToken);
        if (statement is null)
        {
            return TypedResults.NotFound();
        }

        if (statement.NetDue <= 0m)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "nothing-to-remit", "Nothing to remit", $"The statement's net due is {statement.NetDue} {statement.Currency}: there is no credit to send.");
        }

        if (statement.Currency != "USD")
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "ach-usd-only", "ACH pays in US dollars only", $"The statement is in {statement.Currency}.");
        }

        var originator = await db.RemittanceOriginators.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var payee = await db.ClientPayees.AsNoTracking().SingleOrDefaultAsync(p => p.ClientId == statement.ClientId, cancellationToken);
        if (originator is null || payee is null || !payee.HasBankAccount)
        {
            return Problem(StatusCodes.Status409Conflict, "remittance-bank-details-missing", "Bank details missing", "Set the tenant's originator details and the client's remittance bank account first.");
        }

        if (!numbers.IsConfigured)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "remittance-key-missing", "Bank accounts cannot be read", "The key that encrypts remittance bank account numbers is not configured.");
        }

        var credit = new AchCredit(payee.RoutingNumber!, numbers.Decrypt(payee.AccountNumberCipher!), payee.AccountType!.Value, statement.NetDue, StatementNumber(statement), payee.AccountName!);
        var file = AchCreditFile.Build(
            new AchOriginator(originator.CompanyName, originator.CompanyIdentification, originator.OriginatingBankRouting, originator.OriginatingBankName),
            [credit],
            statement.IssuedAt,
            NextBankingDay(DateOnly.FromDateTime(statement.IssuedAt.UtcDateTime)),
            "REMITTANCE");
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"remittance-{statement.Number}.ach\"";
        return Results.Text(file, "text/plain", Encoding.ASCII);
    }

    /// <summary>The number printed on statements and carried in the ACH entry: "RS" and six digits at least.</summary>
    internal static string StatementNumber(RemittanceStatement statement) => $"RS{statement.Number.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>The next weekday after <paramref name="day"/>: the earliest an ACH credit sent that day settles.</summary>
    internal static DateOnly NextBankingDay(DateOnly day)
    {
        var next = day.AddDays(1);
        while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            next = next.AddDays(1);
        }

        return next;
    }

    private static IQueryable<RemittanceStatement> VisibleStatements(PaymentsDbContext db, Caller caller)
    {
        if (caller.IsClient && caller.ClientId is { } own)
        {
            return db.RemittanceStatements.Where(s => s.ClientId == own);
        }

        caller.RequireStaffRole(StatementReaders);
        return db.RemittanceStatements;
    }

    private static Task<RemittanceStatement?> FindAsync(PaymentsDbContext db, Caller caller, Guid statementId, CancellationToken cancellationToken) =>
        VisibleStatements(db, caller).AsNoTracking().Include(s => s.Lines).SingleOrDefaultAsync(s => s.Id == statementId, cancellationToken);

    /// <summary>The client as remittance knows it: from its settings, or from an account it placed.</summary>
    private static async Task<ClientPayee?> KnownClientAsync(PaymentsDbContext db, Guid tenantId, Guid clientId, CancellationToken cancellationToken)
    {
        var payee = await db.ClientPayees.SingleOrDefaultAsync(p => p.ClientId == clientId, cancellationToken);
        if (payee is null && await db.Accounts.AnyAsync(a => a.ClientId == clientId, cancellationToken))
        {
            payee = ClientPayee.For(tenantId, clientId, "");
            db.ClientPayees.Add(payee);
        }

        return payee;
    }

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, type: Problems.Type(code));
}

/// <summary>The tenant's ACH origination details.</summary>
/// <param name="CompanyName">Up to 16 characters.</param>
/// <param name="CompanyIdentification">Exactly 10 characters, as the bank assigned (often "1" and the EIN).</param>
/// <param name="OriginatingBankRouting">Nine digits with a valid check digit.</param>
/// <param name="OriginatingBankName">Up to 23 characters.</param>
public sealed record OriginatorRequest(string? CompanyName, string? CompanyIdentification, string? OriginatingBankRouting, string? OriginatingBankName)
{
    internal Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Fields.IsPrintable(CompanyName, 16))
        {
            errors["companyName"] = ["Required: 1 to 16 printable characters."];
        }

        if (CompanyIdentification is not { Length: 10 } || !CompanyIdentification.All(c => char.IsAsciiLetterOrDigit(c) || c == ' '))
        {
            errors["companyIdentification"] = ["Required: exactly 10 letters or digits."];
        }

        if (!RoutingNumber.IsValid(OriginatingBankRouting))
        {
            errors["originatingBankRouting"] = ["Required: nine digits with a valid check digit."];
        }

        if (!Fields.IsPrintable(OriginatingBankName, 23))
        {
            errors["originatingBankName"] = ["Required: 1 to 23 printable characters."];
        }

        return errors;
    }
}

/// <summary>The tenant's ACH origination details.</summary>
public sealed record OriginatorResponse(string CompanyName, string CompanyIdentification, string OriginatingBankRouting, string OriginatingBankName, DateTimeOffset ChangedAt)
{
    internal static OriginatorResponse From(RemittanceOriginator o) => new(o.CompanyName, o.CompanyIdentification, o.OriginatingBankRouting, o.OriginatingBankName, o.ChangedAt);
}

/// <summary>Where a client's remittances are credited.</summary>
/// <param name="AccountName">The account holder's name, 1 to 22 printable characters.</param>
/// <param name="RoutingNumber">The bank's nine-digit routing number with a valid check digit.</param>
/// <param name="AccountNumber">4 to 17 digits; stored encrypted, never shown again.</param>
/// <param name="AccountType"><c>checking</c> or <c>savings</c>.</param>
public sealed record BankAccountRequest(string? AccountName, string? RoutingNumber, string? AccountNumber, string? AccountType)
{
    internal BankAccountType? Type => AccountType switch
    {
        "checking" => BankAccountType.Checking,
        "savings" => BankAccountType.Savings,
        _ => null,
    };

    internal Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Fields.IsPrintable(AccountName, 22))
        {
            errors["accountName"] = ["Required: 1 to 22 printable characters."];
        }

        if (!Domain.RoutingNumber.IsValid(RoutingNumber))
        {
            errors["routingNumber"] = ["Required: nine digits with a valid check digit."];
        }

        if (AccountNumber is not { Length: >= 4 and <= 17 } || !AccountNumber.All(char.IsAsciiDigit))
        {
            // Never repeat the number back.
            errors["accountNumber"] = ["Required: 4 to 17 digits."];
        }

        if (Type is null)
        {
            errors["accountType"] = ["Required: checking or savings."];
        }

        return errors;
    }
}

/// <summary>A client's remittance bank account, the number only by its last four digits.</summary>
public sealed record BankAccountResponse(Guid ClientId, string AccountName, string RoutingNumber, string AccountLastFour, string AccountType, DateTimeOffset ChangedAt)
{
    internal static BankAccountResponse From(ClientPayee p) => new(
        p.ClientId, p.AccountName!, p.RoutingNumber!, p.AccountLastFour!, p.AccountType == BankAccountType.Savings ? "savings" : "checking", p.BankAccountChangedAt!.Value);
}

/// <summary>A contingency fee percentage and the instant it took effect.</summary>
public sealed record FeeRateResponse(decimal Percent, DateTimeOffset EffectiveFrom);

/// <summary>A statement to issue.</summary>
/// <param name="ClientId">The client paid.</param>
/// <param name="Currency">ISO 4217 code; the statement carries payments in this currency only.</param>
/// <param name="PeriodStart">First day of the period.</param>
/// <param name="PeriodEnd">Last day of the period, inclusive; the period must be over.</param>
/// <param name="TimeZone">IANA zone the days are counted in (e.g. the tenant's, America/Chicago); UTC when absent.</param>
public sealed record IssueStatementRequest(Guid? ClientId, string? Currency, DateOnly? PeriodStart, DateOnly? PeriodEnd, string? TimeZone)
{
    internal (Dictionary<string, string[]> Errors, TimeZoneInfo? Zone) Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (ClientId is null || ClientId == Guid.Empty)
        {
            errors["clientId"] = ["Required."];
        }

        if (Currency is null || Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["Required: an ISO 4217 code such as USD."];
        }

        if (PeriodStart is null || PeriodStart.Value.Year < 2000)
        {
            errors["periodStart"] = ["Required: a date (yyyy-MM-dd) from 2000 on."];
        }

        if (PeriodEnd is null || PeriodStart is { } start && (PeriodEnd < start || PeriodEnd.Value.DayNumber - start.DayNumber >= 366))
        {
            errors["periodEnd"] = ["Required: on or after periodStart, at most 366 days later."];
        }
        else if (PeriodEnd.Value.Year > 9000)
        {
            errors["periodEnd"] = ["Not a plausible date."];
        }

        TimeZoneInfo? zone = TimeZoneInfo.Utc;
        if (TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out zone))
        {
            errors["timeZone"] = ["An IANA time zone such as America/Chicago, or absent for UTC."];
        }

        return (errors, zone);
    }
}

/// <summary>A remittance statement; <paramref name="Lines"/> is empty in lists.</summary>
public sealed record StatementResponse(
    Guid StatementId,
    long Number,
    string StatementNumber,
    Guid ClientId,
    string Currency,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string TimeZone,
    DateTimeOffset PeriodStartsAt,
    DateTimeOffset PeriodEndsAt,
    decimal Collected,
    decimal Reversed,
    decimal Fees,
    decimal NetDue,
    DateTimeOffset IssuedAt,
    IReadOnlyList<StatementLineResponse> Lines)
{
    internal static StatementResponse From(RemittanceStatement s, bool withLines) => new(
        s.Id,
        s.Number,
        RemittanceApi.StatementNumber(s),
        s.ClientId,
        s.Currency,
        s.PeriodStart,
        s.PeriodEnd,
        s.TimeZone,
        s.PeriodStartsAt,
        s.PeriodEndsAt,
        s.Collected,
        s.Reversed,
        s.Fees,
        s.NetDue,
        s.IssuedAt,
        withLines ? [.. s.Lines.OrderBy(l => l.OccurredAt).ThenBy(l => l.Id).Select(StatementLineResponse.From)] : []);
}

/// <summary>A payment (positive) or a reversal (negative) on a statement, with its fee split.</summary>
public sealed record StatementLineResponse(string Kind, Guid PaymentId, Guid AccountId, string ClientReference, DateTimeOffset OccurredAt, decimal Amount, decimal FeePercent, decimal Fee, decimal Net)
{
    internal static StatementLineResponse From(StatementLine l) => new(
        l.Kind == StatementLineKind.Reversal ? "reversal" : "payment", l.PaymentId, l.AccountId, l.ClientReference, l.OccurredAt, l.Amount, l.FeePercent, l.Fee, l.Net);
}

/// <summary>Checks shared by the remittance requests.</summary>
internal static class Fields
{
    public static bool IsPrintable(string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim().Length <= maxLength && value.All(c => c is >= ' ' and <= '~');
}

/// <summary>A statement as CSV: one row per line, then a total row (amount, fee and net summed).</summary>
internal static class StatementCsv
{
    public static string Write(RemittanceStatement statement)
    {
        var csv = new StringBuilder();
        csv.Append("statement_number,kind,payment_id,account_id,client_reference,occurred_at,amount,currency,fee_percent,fee,net\r\n");
        var number = RemittanceApi.StatementNumber(statement);
        foreach (var line in statement.Lines.OrderBy(l => l.OccurredAt).ThenBy(l => l.Id))
        {
            Row(csv, number, line.Kind == StatementLineKind.Reversal ? "reversal" : "payment", line.PaymentId.ToString(), line.AccountId.ToString(), line.ClientReference,
                line.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Money(line.Amount), statement.Currency, line.FeePercent.ToString("0.00", CultureInfo.InvariantCulture), Money(line.Fee), Money(line.Net));
        }

        Row(csv, number, "total", "", "", "", "", Money(statement.Collected - statement.Reversed), statement.Currency, "", Money(statement.Fees), Money(statement.NetDue));
        return csv.ToString();
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
    }

    private static string Field(string value)
    {
        // A leading formula character would be run by spreadsheets.
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
