using System.ComponentModel.DataAnnotations;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Collections.Accounts.Apis;

/// <summary>What clients (and staff) do to an account after placing it: recall it, adjust its balances, read its history.</summary>
public static class AccountLifecycleApi
{
    private const decimal MaxAmount = 1_000_000_000m;
    private const int MaxReasonLength = 500;

    internal static RouteGroupBuilder MapAccountLifecycleApi(this RouteGroupBuilder api)
    {
        api.MapPost("/{accountId:guid}/recall", RecallAccount)
            .RequireAuthorization(CallerPolicies.StaffOrClient)
            .WithSummary("Recall an account")
            .WithDescription("The client takes the account back: its status becomes Recalled and collection stops. Open to the client's key for its own accounts and to staff with the admin or supervisor role. The same recallId again answers 200 without change; recalling an account that is already closed (paid, settled, recalled otherwise) is a 409 problem.");
        api.MapPost("/{accountId:guid}/adjustments", AdjustBalance)
            .RequireAuthorization(CallerPolicies.StaffOrClient)
            .WithSummary("Adjust an account's balance")
            .WithDescription("Reduces the balances by a credit (applied in the client's payment order), a fee waiver or an interest waiver. Idempotent by adjustmentId: the same body again answers the same adjustment (200); a different body under the same id is a 422 problem, as is an amount above what it reduces.");
        api.MapGet("/{accountId:guid}/history", AccountHistory)
            .WithSummary("Read an account's history")
            .WithDescription("Every status, hold and balance change of an account the caller may see, oldest first: who (a caller or the event that caused it), when, what and why. Any other account is 404.");
        return api;
    }

    /// <summary>Recalls an account for the client, idempotently by recall id.</summary>
    public static async Task<Results<Ok<AccountResponse>, ValidationProblem, NotFound>> RecallAccount(
        Guid accountId, RecallRequest request, Caller caller, AccountsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await AccountToChangeAsync(db, caller, accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var recallId = request.RecallId!.Value;
        var reason = request.Reason!.Trim();
        var context = ChangeContexts.By(caller, clock, $"recall:{recallId}: {reason}");
        if (account.Recall(recallId, context))
        {
            db.AddAccountChangeEvents(account);
            db.AddIntegrationEvent(new AccountRecalled
            {
                TenantId = account.TenantId,
                OccurredAt = context.At,
                AccountId = account.Id,
                ClientId = account.ClientId,
                Reason = reason,
            });
            await SaveAsync(db, cancellationToken);
        }

        return TypedResults.Ok(await ResponseOfAsync(db, account, clock, cancellationToken));
    }

    /// <summary>Reduces an account's balances, idempotently by adjustment id.</summary>
    public static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, NotFound, ProblemHttpResult>> AdjustBalance(
        Guid accountId, AdjustmentRequest request, Caller caller, AccountsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await AccountToChangeAsync(db, caller, accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var (adjustmentId, kind, amount, reason) = (request.AdjustmentId!.Value, request.Kind!, request.Amount!.Value, request.Reason!.Trim());
        var earlier = await db.BalanceAdjustments.AsNoTracking().SingleOrDefaultAsync(a => a.AdjustmentId == adjustmentId, cancellationToken);
        if (earlier is not null)
        {
            return SameOrDifferent(earlier, account.Id, kind, amount, reason);
        }

        var order = await db.PaymentOrderOfAsync(account.ClientId, cancellationToken);
        var change = ChangeContexts.By(caller, clock, $"adjustment:{adjustmentId}: {reason}");
        var adjustment = account.Adjust(adjustmentId, kind, amount, reason, order, change);
        db.BalanceAdjustments.Add(adjustment);
        await db.ResegmentAsync(account, change, cancellationToken);
        db.AddAccountChangeEvents(account);
        try
        {
            await SaveAsync(db, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same adjustment id was sent concurrently: answer as if this request had come second.
            db.ChangeTracker.Clear();
            var winner = await db.BalanceAdjustments.AsNoTracking().SingleAsync(a => a.AdjustmentId == adjustmentId, cancellationToken);
            return SameOrDifferent(winner, account.Id, kind, amount, reason);
        }

        return TypedResults.Ok(AdjustmentResponse.From(adjustment));
    }

    /// <summary>The history of an account the caller may see, oldest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<AccountHistoryItem>>, NotFound>> AccountHistory(
        Guid accountId, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Accounts.VisibleTo(caller).AnyAsync(a => a.Id == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var entries = await db.AccountHistory.AsNoTracking()
            .Where(e => e.AccountId == accountId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AccountHistoryItem>>([.. entries.Select(AccountHistoryItem.Of)]);
    }

    /// <summary>
    /// The account a caller may change: a client's key its own client's accounts (others are not
    /// found), staff only with the admin or supervisor role (others are refused).
    /// </summary>
    private static Task<Account?> AccountToChangeAsync(AccountsDbContext db, Caller caller, Guid accountId, CancellationToken cancellationToken)
    {
        if (!caller.IsClient)
        {
            caller.RequireStaffRole(Roles.Admin, Roles.Supervisor);
        }

        return db.Accounts.VisibleTo(caller).Include(a => a.Consumer).Include(a => a.Holds)
            .SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
    }

    private static async Task SaveAsync(AccountsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new BusinessRuleException(
                RuleViolationKind.Conflict,
                "account-changed",
                "Account changed meanwhile",
                "The account changed while this request was handled (e.g. a payment was posted); nothing was applied. Send the request again.");
        }
    }

    private static async Task<AccountResponse> ResponseOfAsync(AccountsDbContext db, Account account, TimeProvider clock, CancellationToken cancellationToken) =>
        AccountResponse.From(account, await db.LimitationPeriodsForAsync([account.Jurisdiction], cancellationToken), AccountsApi.Today(clock));

    private static Results<Ok<AdjustmentResponse>, ValidationProblem, NotFound, ProblemHttpResult> SameOrDifferent(
        BalanceAdjustment earlier, Guid accountId, string kind, decimal amount, string reason) =>
        earlier.IsSameAs(accountId, kind, amount, reason)
            ? TypedResults.Ok(AdjustmentResponse.From(earlier))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Adjustment id already used with different details",
                detail: $"Adjustment {earlier.AdjustmentId} was already made with different facts; it was not changed and nothing new was applied.",
                type: "https://collections.example/problems/adjustment-id-reused",
                extensions: new Dictionary<string, object?> { ["adjustmentId"] = earlier.AdjustmentId });

    internal static void CheckReason(string? reason, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            errors["Reason"] = [$"Required, at most {MaxReasonLength} characters."];
        }
    }

    internal static void CheckAmount(decimal? amount, Dictionary<string, string[]> errors)
    {
        if (amount is not { } value || value <= 0 || value >= MaxAmount)
        {
            errors["Amount"] = [$"Required, above 0 and below {MaxAmount:N0}."];
        }
        else if (decimal.Round(value, 2) != value)
        {
            errors["Amount"] = ["Must have at most two decimal places."];
        }
    }
}

/// <summary>A client's recall of an account.</summary>
/// <param name="RecallId">The client's id for this recall; sending it again changes nothing.</param>
/// <param name="Reason">Why the client recalls the account, at most 500 characters.</param>
public sealed record RecallRequest([property: Required] Guid? RecallId, [property: Required] string? Reason)
{
    internal Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (RecallId is null || RecallId == Guid.Empty)
        {
            errors[nameof(RecallId)] = ["Required: the client's id for this recall."];
        }

        AccountLifecycleApi.CheckReason(Reason, errors);
        return errors;
    }
}

/// <summary>A reduction of an account's balances.</summary>
/// <param name="AdjustmentId">The caller's id for this adjustment; the same body again is answered, not applied twice.</param>
/// <param name="Kind">"credit" (applied in the client's payment order), "fee-waiver" or "interest-waiver".</param>
/// <param name="Amount">Above 0, at most two decimal places, at most what the kind reduces.</param>
/// <param name="Reason">Why, at most 500 characters.</param>
public sealed record AdjustmentRequest([property: Required] Guid? AdjustmentId, [property: Required] string? Kind, [property: Required] decimal? Amount, [property: Required] string? Reason)
{
    internal Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (AdjustmentId is null || AdjustmentId == Guid.Empty)
        {
            errors[nameof(AdjustmentId)] = ["Required: the caller's id for this adjustment."];
        }

        if (Kind is null || !AdjustmentKinds.All.Contains(Kind))
        {
            errors[nameof(Kind)] = ["One of \"credit\", \"fee-waiver\", \"interest-waiver\"."];
        }

        AccountLifecycleApi.CheckAmount(Amount, errors);
        AccountLifecycleApi.CheckReason(Reason, errors);
        return errors;
    }
}

/// <summary>An adjustment made, and what it took from each balance part.</summary>
/// <param name="AdjustmentId">The caller's id for the adjustment.</param>
/// <param name="AccountId">The adjusted account.</param>
/// <param name="Kind">"credit", "fee-waiver" or "interest-waiver".</param>
/// <param name="Amount">The amount of the adjustment.</param>
/// <param name="Reason">Why it was made.</param>
/// <param name="Fees">What it took from the fees.</param>
/// <param name="Interest">What it took from the interest.</param>
/// <param name="Principal">What it took from the principal.</param>
/// <param name="MadeBy">Who made it.</param>
/// <param name="MadeAt">When it was made.</param>
public sealed record AdjustmentResponse(
    Guid AdjustmentId, Guid AccountId, string Kind, decimal Amount, string Reason, decimal Fees, decimal Interest, decimal Principal, string MadeBy, DateTimeOffset MadeAt)
{
    internal static AdjustmentResponse From(BalanceAdjustment a) =>
        new(a.AdjustmentId, a.AccountId, a.Kind, a.Amount, a.Reason, a.ToFees, a.ToInterest, a.ToPrincipal, a.MadeBy, a.MadeAt);
}

/// <summary>One change in an account's history.</summary>
/// <param name="At">When it changed.</param>
/// <param name="Who">"staff:{user}", "client:{key}", or "event:{event type}:{event id}" for changes other services caused.</param>
/// <param name="Change">"StatusChanged", "HoldPlaced", "HoldReleased", "BalanceChanged", or "Refused" for something asked and not done.</param>
/// <param name="From">The state before: the old status, the released hold, the old balances.</param>
/// <param name="To">The state after: the new status, the placed hold, the new balances.</param>
/// <param name="Why">The reason or cause, e.g. "payment:{id}", "dispute:{id} opened", the client's recall reason.</param>
public sealed record AccountHistoryItem(DateTimeOffset At, string Who, string Change, string? From, string? To, string Why)
{
    internal static AccountHistoryItem Of(AccountHistoryEntry e) => new(e.At, e.Who, e.Change.ToString(), e.From, e.To, e.Why);
}
