using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Apis;

/// <summary>Settlements: offers below the balance, agreed by an agent, a supervisor or the client depending on the discount.</summary>
public static class SettlementsApi
{
    public static IEndpointRouteBuilder MapSettlementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/payments").WithTags("Settlements");
        api.MapPost("/accounts/{accountId:guid}/settlements", Offer)
            .Produces<SettlementResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Offer a settlement")
            .WithDescription("An offer below the balance (read from Accounts). Within the discount the tenant lets an agent grant for the account's client, an agent's offer is agreed at once; within the supervisor's, a supervisor's offer is agreed at once and an agent's waits for a supervisor; deeper offers wait for the client. Consumers offer from the portal and their offer waits for whoever may agree it. Agents and above, and the account's consumer. Publishes SettlementAgreed when agreed.");
        api.MapGet("/accounts/{accountId:guid}/settlements", ListSettlements)
            .Produces<List<SettlementResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List an account's settlements")
            .WithDescription("Every settlement of the account, newest first, with history.");
        api.MapGet("/settlements/{settlementId:guid}", GetSettlement)
            .Produces<SettlementResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a settlement")
            .WithDescription("The settlement with its history; 404 for one the caller may not see.");
        api.MapGet("/settlements/approvals", ApprovalsWaiting)
            .Produces<List<SettlementResponse>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Settlements waiting for my approval")
            .WithDescription("Pending offers the caller may decide, oldest first: for agents those within the agent's discount, for supervisors also those within the supervisor's, for a client's key those of its accounts that need the client.");
        api.MapPost("/settlements/{settlementId:guid}/approval", Approve)
            .Produces<SettlementResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Approve a settlement")
            .WithDescription("Agrees a pending offer. Needs the authority the discount needs: an agent (or above) within the agent's discount, a supervisor or admin within the supervisor's, the account's client beyond. 403 for a caller without that authority, 404 for a settlement the caller may not see, 409 when it is no longer pending. Publishes SettlementAgreed.");
        api.MapPost("/settlements/{settlementId:guid}/rejection", Reject)
            .Produces<SettlementResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Reject a settlement")
            .WithDescription("Rejects a pending offer, with a reason; the same authority as approving it.");
        return app;
    }

    /// <summary>Makes an offer on the account.</summary>
    public static async Task<Results<Created<SettlementResponse>, ValidationProblem, NotFound>> Offer(
        Guid accountId, SettlementOfferRequest request, Caller caller, PaymentsDbContext db, AccountsService.AccountsServiceClient accounts,
        TimeProvider clock, IOptions<SettlementOptions> options, CancellationToken cancellationToken)
    {
        SettlementApprover? authority = null;
        if (caller.IsStaff)
        {
            caller.RequireStaffRole(Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.Admin);
            authority = StaffAuthority(caller);
        }
        else
        {
            caller.RequireActor(ActorKinds.Consumer);
        }

        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await db.Accounts.VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        // One offer at a time per account: concurrent offers take turns on the account's row.
        await db.Database.ExecuteSqlAsync(
            $"SELECT 1 FROM payable_accounts WHERE \"AccountId\" = {accountId} AND \"TenantId\" = {account.TenantId} FOR UPDATE", cancellationToken);
        if (!string.Equals(request.Currency, account.Currency, StringComparison.Ordinal))
        {
            throw new BusinessRuleException(RuleViolationKind.Unprocessable, "currency-mismatch", "Wrong currency", $"The account is kept in {account.Currency}.");
        }

        if (await db.Settlements.AnyAsync(s => s.AccountId == accountId && (s.Status == SettlementStatus.Pending || s.Status == SettlementStatus.Agreed), cancellationToken))
        {
            throw new BusinessRuleException(RuleViolationKind.Conflict, "settlement-open", "A settlement is already open", "The account has a pending or agreed settlement.");
        }

        var balance = await AccountBalances.FetchAsync(accounts, accountId, cancellationToken)
            ?? throw new BusinessRuleException(RuleViolationKind.NotFound, "account-not-found", "Account not found", "Accounts does not know this account.");
        var amount = request.Amount!.Value;
        if (amount >= balance.Balance)
        {
            throw new BusinessRuleException(RuleViolationKind.Unprocessable, "not-below-balance", "Not below the balance", $"A settlement is less than the balance of {balance.Balance} {balance.Currency}.");
        }

        var settings = options.Value;
        var terms = await db.ClientSettlementTerms.AsNoTracking().SingleOrDefaultAsync(t => t.ClientId == account.ClientId, cancellationToken);
        var limits = terms?.Limits ?? new SettlementLimits(settings.DefaultAgentDiscountPercent, settings.DefaultSupervisorDiscountPercent);
        var now = clock.GetUtcNow();
        var actor = PaymentsApi.ActorOf(caller);
        var settlement = Settlement.Offer(account, balance.Balance, amount, limits, actor, authority, now, settings.PendingLifetime, settings.AgreedLifetime);
        db.Settlements.Add(settlement);
        db.History.Add(AuditEntry.ForSettlement(settlement, "offered", actor, request.Reason, now));
        if (settlement.Status == SettlementStatus.Agreed)
        {
            Agreed(db, settlement, actor, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/payments/settlements/{settlement.Id}", await ResponseAsync(db, settlement, cancellationToken));
    }

    /// <summary>The account's settlements.</summary>
    public static async Task<Results<Ok<List<SettlementResponse>>, NotFound>> ListSettlements(Guid accountId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Accounts.VisibleTo(caller).AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var settlements = await db.Settlements.AsNoTracking().Where(s => s.AccountId == accountId).OrderByDescending(s => s.OfferedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ResponsesAsync(db, settlements, cancellationToken));
    }

    /// <summary>One settlement.</summary>
    public static async Task<Results<Ok<SettlementResponse>, NotFound>> GetSettlement(Guid settlementId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var settlement = await db.Settlements.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(s => s.Id == settlementId, cancellationToken);
        return settlement is null ? TypedResults.NotFound() : TypedResults.Ok(await ResponseAsync(db, settlement, cancellationToken));
    }

    /// <summary>Pending offers the caller may decide.</summary>
    public static async Task<Ok<List<SettlementResponse>>> ApprovalsWaiting(Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var authority = DecidingAuthority(caller);
        var pending = db.Settlements.AsNoTracking().VisibleTo(caller).Where(s => s.Status == SettlementStatus.Pending);
        pending = authority switch
        {
            SettlementApprover.Client => pending.Where(s => s.RequiredApprover == SettlementApprover.Client),
            SettlementApprover.Supervisor => pending.Where(s => s.RequiredApprover == SettlementApprover.Agent || s.RequiredApprover == SettlementApprover.Supervisor),
            _ => pending.Where(s => s.RequiredApprover == SettlementApprover.Agent),
        };
        var settlements = await pending.OrderBy(s => s.OfferedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ResponsesAsync(db, settlements, cancellationToken));
    }

    /// <summary>Agrees a pending offer.</summary>
    public static Task<Results<Ok<SettlementResponse>, ValidationProblem, NotFound>> Approve(
        Guid settlementId, SettlementDecisionRequest request, Caller caller, PaymentsDbContext db, TimeProvider clock, IOptions<SettlementOptions> options, CancellationToken cancellationToken) =>
        DecideAsync(settlementId, request, approve: true, caller, db, clock, options.Value, cancellationToken);

    /// <summary>Rejects a pending offer.</summary>
    public static Task<Results<Ok<SettlementResponse>, ValidationProblem, NotFound>> Reject(
        Guid settlementId, SettlementDecisionRequest request, Caller caller, PaymentsDbContext db, TimeProvider clock, IOptions<SettlementOptions> options, CancellationToken cancellationToken) =>
        DecideAsync(settlementId, request, approve: false, caller, db, clock, options.Value, cancellationToken);

    private static async Task<Results<Ok<SettlementResponse>, ValidationProblem, NotFound>> DecideAsync(
        Guid settlementId, SettlementDecisionRequest request, bool approve, Caller caller, PaymentsDbContext db, TimeProvider clock, SettlementOptions options, CancellationToken cancellationToken)
    {
        var authority = DecidingAuthority(caller);
        if (request.Reason is { Length: > 500 } || (!approve && string.IsNullOrWhiteSpace(request.Reason)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [approve ? "At most 500 characters." : "Required: why, at most 500 characters."] });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var visible = await db.Settlements.VisibleTo(caller).AnyAsync(s => s.Id == settlementId, cancellationToken);
        if (!visible)
        {
            return TypedResults.NotFound();
        }

        // Two approvers deciding at once take turns; the second finds it no longer pending.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM settlements WHERE \"Id\" = {settlementId} FOR UPDATE", cancellationToken);
        var settlement = await db.Settlements.SingleAsync(s => s.Id == settlementId, cancellationToken);
        if (settlement.Status != SettlementStatus.Pending)
        {
            throw new BusinessRuleException(RuleViolationKind.Conflict, "settlement-not-pending", "Not pending", $"The settlement is {settlement.Status.ToString().ToLowerInvariant()}.");
        }

        if (!settlement.MayBeDecidedBy(authority))
        {
            throw new BusinessRuleException(RuleViolationKind.Forbidden, "settlement-authority", "Beyond your authority", $"This discount needs the approval of the {settlement.RequiredApprover.ToString().ToLowerInvariant()}.");
        }

        var now = clock.GetUtcNow();
        var actor = PaymentsApi.ActorOf(caller);
        if (approve)
        {
            settlement.Agree(authority, actor, now, options.AgreedLifetime);
            db.History.Add(AuditEntry.ForSettlement(settlement, "approved", actor, request.Reason, now));
            Agreed(db, settlement, actor, now);
        }
        else
        {
            settlement.Reject(actor, now);
            db.History.Add(AuditEntry.ForSettlement(settlement, "rejected", actor, request.Reason, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, settlement, cancellationToken));
    }

    private static void Agreed(PaymentsDbContext db, Settlement settlement, string actor, DateTimeOffset now)
    {
        db.History.Add(AuditEntry.ForSettlement(settlement, "agreed", actor, $"Agreed with the authority of the {settlement.ApprovedBy.ToString()!.ToLowerInvariant()}.", now));
        db.AddIntegrationEvent(new SettlementAgreed
        {
            TenantId = settlement.TenantId,
            OccurredAt = now,
            SettlementId = settlement.Id,
            AccountId = settlement.AccountId,
            ClientId = settlement.ClientId,
            Amount = settlement.Amount,
            BalanceAtOffer = settlement.BalanceAtOffer,
            Currency = settlement.Currency,
            DiscountPercent = settlement.DiscountPercent,
            ApprovedBy = settlement.ApprovedBy!.Value.ToString().ToLowerInvariant(),
        });
    }

    /// <summary>The authority of a staff member: supervisors and admins a supervisor's, agents an agent's.</summary>
    private static SettlementApprover StaffAuthority(Caller caller) =>
        caller.IsInRole(Roles.Supervisor) || caller.IsInRole(Roles.Admin) ? SettlementApprover.Supervisor : SettlementApprover.Agent;

    /// <summary>The authority the caller decides offers with; 403 for consumers and staff without a collecting role.</summary>
    private static SettlementApprover DecidingAuthority(Caller caller)
    {
        if (caller.IsClient && caller.ClientId is not null)
        {
            return SettlementApprover.Client;
        }

        caller.RequireStaffRole(Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.Admin);
        return StaffAuthority(caller);
    }

    private static async Task<SettlementResponse> ResponseAsync(PaymentsDbContext db, Settlement settlement, CancellationToken cancellationToken) =>
        (await ResponsesAsync(db, [settlement], cancellationToken)).Single();

    private static async Task<List<SettlementResponse>> ResponsesAsync(PaymentsDbContext db, IReadOnlyList<Settlement> settlements, CancellationToken cancellationToken)
    {
        var ids = settlements.Select(s => s.Id).ToList();
        var history = (await db.History.AsNoTracking().Where(h => ids.Contains(h.SubjectId)).OrderBy(h => h.Id).ToListAsync(cancellationToken)).ToLookup(h => h.SubjectId);
        return [.. settlements.Select(s => SettlementResponse.From(s, history[s.Id]))];
    }
}

/// <summary>A settlement offer.</summary>
/// <param name="Amount">What the consumer would pay in full satisfaction: more than zero, less than the balance, in whole cents.</param>
/// <param name="Currency">ISO 4217 code; the account's currency.</param>
/// <param name="Reason">Optional note for the history and the approver.</param>
public sealed record SettlementOfferRequest(decimal? Amount, string? Currency, string? Reason)
{
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

        if (Reason is { Length: > 500 })
        {
            errors["reason"] = ["At most 500 characters."];
        }

        return errors;
    }
}

/// <summary>An approval or rejection.</summary>
/// <param name="Reason">Why; required to reject, at most 500 characters.</param>
public sealed record SettlementDecisionRequest(string? Reason);

/// <summary>A settlement with its history.</summary>
public sealed record SettlementResponse(
    Guid SettlementId,
    Guid AccountId,
    Guid ClientId,
    decimal Amount,
    decimal BalanceAtOffer,
    decimal DiscountPercent,
    string Currency,
    string Status,
    string RequiredApprover,
    string? ApprovedBy,
    string OfferedBy,
    DateTimeOffset OfferedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ExpiresAt,
    decimal PaidAmount,
    DateTimeOffset? FulfilledAt,
    IReadOnlyList<HistoryResponse> History)
{
    internal static SettlementResponse From(Settlement s, IEnumerable<AuditEntry> history) => new(
        s.Id, s.AccountId, s.ClientId, s.Amount, s.BalanceAtOffer, s.DiscountPercent, s.Currency,
        s.Status.ToString().ToLowerInvariant(), s.RequiredApprover.ToString().ToLowerInvariant(), s.ApprovedBy?.ToString().ToLowerInvariant(),
        s.OfferedBy, s.OfferedAt, s.DecidedBy, s.DecidedAt, s.ExpiresAt, s.PaidAmount, s.FulfilledAt,
        [.. history.Select(HistoryResponse.From)]);
}
