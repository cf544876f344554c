using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Collections.Payments.Apis;

/// <summary>Taking one-time payments on accounts, with Stripe-style idempotency keys, and listing them.</summary>
public static class PaymentsApi
{
    /// <summary>The request header that makes a payment request safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Set on a response replayed from an earlier request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    private const int MaxKeyLength = 255;
    private const string ProblemContentType = "application/problem+json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/payments/accounts/{accountId:guid}/payments").WithTags("Payments");
        api.MapPost("/", MakePayment)
            .Produces<PaymentResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Pay an account")
            .WithDescription("Charges a processor token (never a card or bank number) and posts the payment once approved. Requires an Idempotency-Key header: the same key with the same request returns the original status and body without charging again (409 while the first is still in progress); the same key with a different request is a 422. A request refused before the charge (404, 422 other than a decline) keeps nothing under its key, so its retry is judged afresh. Open to the account's consumer, its client, and staff agents and above. A decline is a 422 problem carrying the decline code.");
        api.MapGet("/", ListPayments)
            .WithSummary("List an account's payments")
            .WithDescription("The account's payments, newest first, with their status; 404 for an account the caller may not see.");
        return app;
    }

    /// <summary>Charges the processor token and posts the payment if approved, idempotently by key.</summary>
    public static async Task<IResult> MakePayment(
        Guid accountId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        MakePaymentRequest request,
        Caller caller,
        PaymentsDbContext db,
        TenantContext tenant,
        IPaymentProcessor processor,
        TimeProvider clock,
        IOptions<PaymentsOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxKeyLength)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Idempotency key required",
                detail: $"Send an {IdempotencyKeyHeader} header of 1 to {MaxKeyLength} characters, unique per payment, and reuse it when retrying.",
                type: Problems.Type("idempotency-key-required"));
        }

        if (caller.IsStaff)
        {
            caller.RequireStaffRole(Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.Admin);
        }

        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenantId = tenant.RequiredTenantId;
        var hash = RequestHash(http.Request.Method, http.Request.Path, caller, request);
        var attempt = IdempotentRequest.Begin(tenantId, idempotencyKey, hash, clock.GetUtcNow());
        db.IdempotentRequests.Add(attempt);
        try
        {
            // Saved on its own first, so a concurrent retry with the same key finds it in progress.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var earlier = await db.IdempotentRequests.AsNoTracking().SingleAsync(r => r.Key == idempotencyKey, cancellationToken);
            if (earlier.Completed || !string.Equals(earlier.RequestHash, hash, StringComparison.Ordinal)
                || earlier.CreatedAt > clock.GetUtcNow() - options.Value.IdempotencyInProgressTimeout)
            {
                return Replay(earlier, hash, http);
            }

            // In progress for longer than any request runs: the process that began it died before it committed or
            // released the key. This retry carries it on; the lock below keeps the two from both posting.
            attempt = await db.IdempotentRequests.SingleAsync(r => r.Key == idempotencyKey, cancellationToken);
        }

        try
        {
            // Payments on one account take turns, so two of them cannot both pass the balance check.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // A request under this key that was taken over, or is taking this one over, waits here; whichever comes
            // second finds the first one's response and replays it.
            var completed = await db.Database
                .SqlQuery<bool>($"SELECT \"Completed\" AS \"Value\" FROM idempotent_requests WHERE \"TenantId\" = {tenantId} AND \"Key\" = {idempotencyKey} FOR UPDATE")
                .ToListAsync(cancellationToken);
            if (completed is [true])
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return Replay(await db.IdempotentRequests.AsNoTracking().SingleAsync(r => r.Key == idempotencyKey, cancellationToken), hash, http);
            }

            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM payable_accounts WHERE \"AccountId\" = {accountId} AND \"TenantId\" = {tenantId} FOR UPDATE", cancellationToken);
            var (status, contentType, body) = await PayAsync(accountId, request, caller, db, processor, clock, options.Value, $"{tenantId:N}:{idempotencyKey}", http, cancellationToken);
            if (!db.ChangeTracker.Entries<Payment>().Any(e => e.State == EntityState.Added))
            {
                // Refused before anything was charged (an account Payments has not learnt of yet, a balance too low):
                // nothing is kept under the key, so a retry is judged afresh instead of replaying a stale refusal.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                await db.IdempotentRequests.Where(r => r.Key == idempotencyKey).ExecuteDeleteAsync(CancellationToken.None);
                return Results.Text(body, contentType, Encoding.UTF8, status);
            }

            attempt.Complete(status, contentType, body);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Text(body, contentType, Encoding.UTF8, status);
        }
        catch
        {
            // Nothing was stored for this key: let a retry start afresh.
            db.ChangeTracker.Clear();
            await db.IdempotentRequests.Where(r => r.Key == idempotencyKey).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The account's payments the caller may see, newest first.</summary>
    public static async Task<Results<Ok<List<PaymentResponse>>, NotFound>> ListPayments(Guid accountId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Accounts.VisibleTo(caller).AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.AccountId == accountId)
            .OrderByDescending(p => p.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(payments.Select(PaymentResponse.From).ToList());
    }

    private static async Task<(int Status, string ContentType, string Body)> PayAsync(
        Guid accountId, MakePaymentRequest request, Caller caller, PaymentsDbContext db, IPaymentProcessor processor, TimeProvider clock, PaymentsOptions options, string processorKey, HttpContext http, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is null)
        {
            return Problem(http, StatusCodes.Status404NotFound, "account-not-found", "Account not found", "No account with this id is open to you.");
        }

        var amount = request.Amount!.Value;
        var currency = request.Currency!;
        if (!string.Equals(currency, account.Currency, StringComparison.Ordinal))
        {
            return Problem(http, StatusCodes.Status422UnprocessableEntity, "currency-mismatch", "Wrong currency", $"The account is kept in {account.Currency}.");
        }

        if (amount > account.Balance)
        {
            return Problem(http, StatusCodes.Status422UnprocessableEntity, "amount-exceeds-balance", "Amount exceeds the balance", $"The balance is {account.Balance} {account.Currency}.");
        }

        var method = request.MethodKind!.Value;
        var target = await PaymentTarget.FindAsync(db, account, request.PaymentPlanId, request.SettlementId, amount, cancellationToken);
        if (target.Problem is { } refused)
        {
            return Problem(http, StatusCodes.Status422UnprocessableEntity, refused.Code, refused.Title, refused.Detail);
        }

        var outcome = await processor.ChargeAsync(request.PaymentToken!, amount, currency, processorKey, cancellationToken);
        var now = clock.GetUtcNow();
        var payment = Payment.From(account, amount, method, request.PaymentToken!, outcome, now);
        payment.Towards(target.PaymentPlanId, target.InstalmentNumber, target.SettlementId);
        if (outcome is ChargeDeclined declined)
        {
            db.Payments.Add(payment);
            return Problem(http, StatusCodes.Status422UnprocessableEntity, "payment-declined", "Payment declined", "The payment processor declined the payment.",
                new Dictionary<string, object?> { ["declineCode"] = declined.DeclineCode, ["paymentId"] = payment.Id });
        }

        var recordedBy = caller.IsStaff ? caller.Subject : caller.IsConsumer ? "portal" : "client";
        await TrustPostings.PostAsync(db, account, payment, options.ContingencyFeePercent, now, recordedBy, cancellationToken);
        await PlanAndSettlementPostings.PostedAsync(db, payment, ActorOf(caller), now, cancellationToken);
        return (StatusCodes.Status201Created, "application/json", JsonSerializer.Serialize(PaymentResponse.From(payment), Json));
    }

    /// <summary>How the history names <paramref name="caller"/>: "staff:{user}", "portal:{consumer}" or "client:{client}".</summary>
    internal static string ActorOf(Caller caller) =>
        caller.IsStaff ? $"staff:{caller.Subject}" : caller.IsConsumer ? $"portal:{caller.ConsumerId}" : $"client:{caller.ClientId}";

    private static IResult Replay(IdempotentRequest earlier, string hash, HttpContext http)
    {
        if (!string.Equals(earlier.RequestHash, hash, StringComparison.Ordinal))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency key reused",
                detail: $"This {IdempotencyKeyHeader} was used for a different request; use a new key for a new payment.",
                type: Problems.Type("idempotency-key-reused"));
        }

        if (!earlier.Completed)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Request in progress",
                detail: $"A request with this {IdempotencyKeyHeader} is still in progress; retry shortly.",
                type: Problems.Type("request-in-progress"));
        }

        http.Response.Headers[ReplayedHeader] = "true";
        return Results.Text(earlier.ResponseBody, earlier.ResponseContentType, Encoding.UTF8, earlier.ResponseStatus);
    }

    private static (int, string, string) Problem(HttpContext http, int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = Problems.Type(code),
            Title = title,
            Status = status,
            Detail = detail,
            Instance = $"{http.Request.Method} {http.Request.Path}",
        };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        return (status, ProblemContentType, JsonSerializer.Serialize(problem, Json));
    }

    /// <summary>What makes a retry the same request: method, path, body and who sends it.</summary>
    internal static string RequestHash(string method, string path, Caller caller, MakePaymentRequest request)
    {
        var identity = $"{caller.Actor}|{caller.Subject}|{caller.ClientId}|{caller.ConsumerId}";
        var text = $"{method}\n{path}\n{identity}\n{JsonSerializer.Serialize(request, Json)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>Problem type URIs of the Payments service.</summary>
internal static class Problems
{
    public static string Type(string code) => $"https://collections.example/problems/{code}";
}

/// <summary>A one-time payment: how much, in which currency, and the processor's token of the payment method.</summary>
/// <param name="Amount">More than zero, at most the balance, in cents at most.</param>
/// <param name="Currency">ISO 4217 code; must be the account's currency.</param>
/// <param name="PaymentToken">The processor's token for the card or bank account (e.g. <c>tok_…</c>), never the number itself.</param>
/// <param name="Method"><c>card</c> or <c>ach</c>.</param>
/// <param name="PaymentPlanId">Optional: the active plan of the account whose next unpaid instalment this pays; the amount must be that instalment's.</param>
/// <param name="SettlementId">Optional: the agreed settlement of the account this pays towards; at most what is left of it.</param>
public sealed record MakePaymentRequest(decimal? Amount, string? Currency, string? PaymentToken, string? Method, Guid? PaymentPlanId = null, Guid? SettlementId = null)
{
    internal PaymentMethodKind? MethodKind => Method switch
    {
        "card" => PaymentMethodKind.Card,
        "ach" => PaymentMethodKind.Ach,
        _ => null,
    };

    internal Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Amount is not { } amount || amount <= 0m || decimal.Round(amount, 2) != amount || amount > 1_000_000_000m)
        {
            errors["amount"] = ["Required: more than zero, in whole cents."];
        }

        if (Currency is null || Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["Required: an ISO 4217 code such as USD."];
        }

        if (string.IsNullOrWhiteSpace(PaymentToken) || PaymentToken.Length > 255)
        {
            errors["paymentToken"] = ["Required: the processor's token for the payment method, up to 255 characters."];
        }
        else if (PaymentToken.Count(char.IsAsciiDigit) >= 8)
        {
            // Looks like a card or account number: refuse it without repeating it anywhere.
            errors["paymentToken"] = ["Send the processor's token, never a card or bank account number."];
        }

        if (MethodKind is null)
        {
            errors["method"] = ["Required: card or ach."];
        }

        return errors;
    }
}

/// <summary>A payment as the API shows it; the payment method only by brand or bank and last four digits.</summary>
public sealed record PaymentResponse(
    Guid PaymentId,
    Guid AccountId,
    decimal Amount,
    string Currency,
    string Method,
    string Status,
    string? Brand,
    string? LastFour,
    string? DeclineCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReversedAt,
    string? ReversalReason)
{
    internal static PaymentResponse From(Payment payment) => new(
        payment.Id,
        payment.AccountId,
        payment.Amount,
        payment.Currency,
        payment.Method == PaymentMethodKind.Ach ? "ach" : "card",
        payment.Status switch
        {
            PaymentStatus.Declined => "declined",
            PaymentStatus.Posted => "posted",
            PaymentStatus.PendingSettlement => "pending-settlement",
            _ => "reversed",
        },
        payment.Brand,
        payment.LastFour,
        payment.DeclineCode,
        payment.CreatedAt,
        payment.ReversedAt,
        payment.ReversalReason);
}
