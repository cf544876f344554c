using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Apis;

/// <summary>Payment plans: instalments of an account's balance or of an agreed settlement, with optional autopay.</summary>
public static class PaymentPlansApi
{
    public static IEndpointRouteBuilder MapPaymentPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/payments").WithTags("Payment plans");
        api.MapPost("/accounts/{accountId:guid}/plans", CreatePlan)
            .Produces<PaymentPlanResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Set up a payment plan")
            .WithDescription("Splits the account's balance (read from Accounts) or what is left of an agreed settlement into weekly, bi-weekly or monthly instalments from the first due date; equal amounts rounded down to the currency's minor unit, the last absorbing the rounding. Optional autopay charges a stored processor token on each due date. Open to agents and above, the account's client, and its consumer within the tenant's portal rules. 409 when the account already has an active plan (renegotiate it instead). Publishes PaymentPlanCreated.");
        api.MapPost("/plans/{planId:guid}/renegotiation", Renegotiate)
            .Produces<PaymentPlanResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Renegotiate a payment plan")
            .WithDescription("Replaces an active or broken plan with a new one for what is now owed; both stay readable with their history. Publishes PaymentPlanCreated with ReplacesPaymentPlanId.");
        api.MapGet("/plans/{planId:guid}", GetPlan)
            .Produces<PaymentPlanResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a payment plan")
            .WithDescription("The plan with its instalments and history; 404 for a plan the caller may not see.");
        api.MapGet("/accounts/{accountId:guid}/plans", ListPlans)
            .Produces<List<PaymentPlanResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List an account's payment plans")
            .WithDescription("Every plan of the account, replaced and broken ones included, newest first.");
        api.MapGet("/plan-rules", GetPortalRules)
            .Produces<PortalPlanRulesResponse>()
            .WithSummary("Portal plan rules")
            .WithDescription("The most instalments and the smallest instalment a consumer may choose in the portal: the tenant's own, or the defaults.");
        api.MapPut("/plan-rules", SetPortalRules)
            .Produces<PortalPlanRulesResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Set the portal plan rules")
            .WithDescription("Sets the tenant's portal plan rules. Staff admins only.");
        return app;
    }

    /// <summary>Sets up a plan on the account.</summary>
    public static async Task<Results<Created<PaymentPlanResponse>, ValidationProblem, NotFound>> CreatePlan(
        Guid accountId, PlanRequest request, Caller caller, PaymentsDbContext db, AccountsService.AccountsServiceClient accounts, TimeProvider clock,
        IOptions<PaymentPlanOptions> options, IOptions<SettlementOptions> settlementOptions, CancellationToken cancellationToken)
    {
        RequireMayArrangePlans(caller);
        var errors = request.Validate(clock.GetUtcNow(), options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await LockAccountAsync(db, caller, accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        if (await db.PaymentPlans.AnyAsync(p => p.AccountId == accountId && p.Status == PaymentPlanStatus.Active, cancellationToken))
        {
            throw new BusinessRuleException(RuleViolationKind.Conflict, "plan-exists", "The account already has a plan", "Renegotiate the active plan instead of setting up another.");
        }

        var plan = await NewPlanAsync(account, request, caller, db, accounts, clock.GetUtcNow(), options.Value, settlementOptions.Value, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/payments/plans/{plan.Id}", await ResponseAsync(db, plan, cancellationToken));
    }

    /// <summary>Replaces a plan with a new one.</summary>
    public static async Task<Results<Created<PaymentPlanResponse>, ValidationProblem, NotFound>> Renegotiate(
        Guid planId, PlanRequest request, Caller caller, PaymentsDbContext db, AccountsService.AccountsServiceClient accounts, TimeProvider clock,
        IOptions<PaymentPlanOptions> options, IOptions<SettlementOptions> settlementOptions, CancellationToken cancellationToken)
    {
        RequireMayArrangePlans(caller);
        var errors = request.Validate(clock.GetUtcNow(), options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var accountId = await db.PaymentPlans.VisibleTo(caller).Where(p => p.Id == planId).Select(p => (Guid?)p.AccountId).SingleOrDefaultAsync(cancellationToken);
        if (accountId is null)
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await LockAccountAsync(db, caller, accountId.Value, cancellationToken);
        var old = await db.PaymentPlans.SingleAsync(p => p.Id == planId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        if (!old.CanBeRenegotiated)
        {
            throw new BusinessRuleException(RuleViolationKind.Conflict, "plan-not-renegotiable", "Plan cannot be renegotiated", $"The plan is {old.Status.ToString().ToLowerInvariant()}; only active or broken plans are renegotiated.");
        }

        var now = clock.GetUtcNow();
        var plan = await NewPlanAsync(account, request with { SettlementId = request.SettlementId ?? OpenSettlementOf(old) }, caller, db, accounts, now, options.Value, settlementOptions.Value, old, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/payments/plans/{plan.Id}", await ResponseAsync(db, plan, cancellationToken));

        Guid? OpenSettlementOf(PaymentPlan replaced) =>
            replaced.SettlementId is { } id && db.Settlements.Any(s => s.Id == id && s.Status == SettlementStatus.Agreed) ? id : null;
    }

    /// <summary>One plan with instalments and history.</summary>
    public static async Task<Results<Ok<PaymentPlanResponse>, NotFound>> GetPlan(Guid planId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var plan = await db.PaymentPlans.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        return plan is null ? TypedResults.NotFound() : TypedResults.Ok(await ResponseAsync(db, plan, cancellationToken));
    }

    /// <summary>The account's plans, newest first.</summary>
    public static async Task<Results<Ok<List<PaymentPlanResponse>>, NotFound>> ListPlans(Guid accountId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Accounts.VisibleTo(caller).AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var plans = await db.PaymentPlans.AsNoTracking().Where(p => p.AccountId == accountId).OrderByDescending(p => p.CreatedAt).ToListAsync(cancellationToken);
        var responses = new List<PaymentPlanResponse>(plans.Count);
        foreach (var plan in plans)
        {
            responses.Add(await ResponseAsync(db, plan, cancellationToken));
        }

        return TypedResults.Ok(responses);
    }

    /// <summary>The tenant's portal plan rules.</summary>
    public static async Task<Ok<PortalPlanRulesResponse>> GetPortalRules(PaymentsDbContext db, IOptions<PaymentPlanOptions> options, CancellationToken cancellationToken) =>
        TypedResults.Ok(PortalPlanRulesResponse.From(await db.PortalPlanRules.AsNoTracking().SingleOrDefaultAsync(cancellationToken), options.Value));

    /// <summary>Sets the tenant's portal plan rules.</summary>
    public static async Task<Results<Ok<PortalPlanRulesResponse>, ValidationProblem>> SetPortalRules(
        PortalPlanRulesRequest request, Caller caller, PaymentsDbContext db, TenantContext tenant, TimeProvider clock, IOptions<PaymentPlanOptions> options, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.MaxInstalments is not { } max || max < 1 || max > options.Value.MaxInstalments)
        {
            errors["maxInstalments"] = [$"Required: 1 to {options.Value.MaxInstalments}."];
        }

        if (request.MinInstalmentAmount is not { } min || min < 0m || min > 1_000_000m || decimal.Round(min, 3) != min)
        {
            errors["minInstalmentAmount"] = ["Required: zero or more."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rules = await db.PortalPlanRules.SingleOrDefaultAsync(cancellationToken);
        if (rules is null)
        {
            rules = Domain.PortalPlanRules.For(tenant.RequiredTenantId);
            db.PortalPlanRules.Add(rules);
        }

        rules.Change(request.MaxInstalments!.Value, request.MinInstalmentAmount!.Value, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PortalPlanRulesResponse.From(rules, options.Value));
    }

    private static void RequireMayArrangePlans(Caller caller)
    {
        if (caller.IsStaff)
        {
            caller.RequireStaffRole(Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.Admin);
        }
        else
        {
            caller.RequireActor(ActorKinds.Client, ActorKinds.Consumer);
        }
    }

    /// <summary>The caller's account, its row locked so plans and payments on it take turns.</summary>
    private static async Task<PayableAccount?> LockAccountAsync(PaymentsDbContext db, Caller caller, Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is not null)
        {
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM payable_accounts WHERE \"AccountId\" = {accountId} AND \"TenantId\" = {account.TenantId} FOR UPDATE", cancellationToken);
        }

        return account;
    }

    private static async Task<PaymentPlan> NewPlanAsync(
        PayableAccount account, PlanRequest request, Caller caller, PaymentsDbContext db, AccountsService.AccountsServiceClient accounts,
        DateTimeOffset now, PaymentPlanOptions options, SettlementOptions settlementOptions, PaymentPlan? replaces, CancellationToken cancellationToken)
    {
        Settlement? settlement = null;
        decimal total;
        if (request.SettlementId is { } settlementId)
        {
            settlement = await db.Settlements.SingleOrDefaultAsync(s => s.Id == settlementId && s.AccountId == account.AccountId, cancellationToken);
            if (settlement is null || settlement.Status != SettlementStatus.Agreed)
            {
                throw new BusinessRuleException(RuleViolationKind.Unprocessable, "settlement-not-agreed", "No agreed settlement", "The account has no agreed settlement with this id.");
            }

            if (await db.PaymentPlans.AnyAsync(p => p.SettlementId == settlementId && p.Status == PaymentPlanStatus.Active && p.Id != (replaces == null ? Guid.Empty : replaces.Id), cancellationToken))
            {
                throw new BusinessRuleException(RuleViolationKind.Conflict, "plan-exists", "The settlement already has a plan", "Renegotiate the settlement's active plan instead.");
            }

            total = settlement.Remaining;
        }
        else
        {
            var balance = await AccountBalances.FetchAsync(accounts, account.AccountId, cancellationToken)
                ?? throw new BusinessRuleException(RuleViolationKind.NotFound, "account-not-found", "Account not found", "Accounts does not know this account.");
            if (!string.Equals(balance.Currency, account.Currency, StringComparison.Ordinal))
            {
                throw new BusinessRuleException(RuleViolationKind.Unprocessable, "currency-mismatch", "Wrong currency", "The account's balance is kept in another currency.");
            }

            total = balance.Balance;
        }

        var count = request.InstalmentCount!.Value;
        if (!InstalmentSchedule.CanSplit(total, account.Currency, count))
        {
            throw new BusinessRuleException(RuleViolationKind.Unprocessable, "plan-total-too-small", "Nothing to split", $"{total} {account.Currency} cannot be split into {count} instalments of at least {Currencies.MinorUnit(account.Currency)}.");
        }

        if (caller.IsConsumer)
        {
            var rules = PortalPlanRulesResponse.From(await db.PortalPlanRules.AsNoTracking().SingleOrDefaultAsync(cancellationToken), options);
            if (count > rules.MaxInstalments)
            {
                throw new BusinessRuleException(RuleViolationKind.Unprocessable, "too-many-instalments", "Too many instalments", $"A plan set up in the portal has at most {rules.MaxInstalments} instalments.");
            }

            if (InstalmentSchedule.EqualInstalment(total, account.Currency, count) < Math.Min(rules.MinInstalmentAmount, total))
            {
                throw new BusinessRuleException(RuleViolationKind.Unprocessable, "instalment-too-small", "Instalments too small", $"Each instalment set up in the portal is at least {rules.MinInstalmentAmount} {account.Currency}.");
            }
        }

        var createdBy = caller.IsStaff ? caller.Subject : caller.IsConsumer ? "portal" : "client";
        var actor = PaymentsApi.ActorOf(caller);
        var plan = PaymentPlan.Create(
            account, total, request.FrequencyValue!.Value, count, request.FirstDueDate!.Value, createdBy, now, settlement?.Id,
            request.Autopay is { } autopay ? (autopay.PaymentToken!, autopay.MethodKind!.Value) : null, replaces?.Id);
        db.PaymentPlans.Add(plan);
        db.History.Add(AuditEntry.ForPlan(plan, "created", actor, request.Reason ?? (replaces is null ? null : $"Replaces plan {replaces.Id}."), now));
        if (replaces is not null)
        {
            replaces.ReplaceWith(plan, now);
            db.History.Add(AuditEntry.ForPlan(replaces, "replaced", actor, request.Reason ?? $"Renegotiated as plan {plan.Id}.", now));
            if (replaces.SettlementId is { } oldSettlement && oldSettlement != settlement?.Id
                && await db.Settlements.SingleOrDefaultAsync(s => s.Id == oldSettlement, cancellationToken) is { } unpaid)
            {
                unpaid.PlanEnded(now, settlementOptions.AgreedLifetime);
            }
        }

        settlement?.PaidByPlan();
        if (settlement is not null)
        {
            db.History.Add(AuditEntry.ForSettlement(settlement, "plan-created", actor, $"Paid by plan {plan.Id}.", now));
        }

        db.AddIntegrationEvent(new PaymentPlanCreated
        {
            TenantId = plan.TenantId,
            OccurredAt = now,
            PaymentPlanId = plan.Id,
            AccountId = plan.AccountId,
            ClientId = plan.ClientId,
            Total = plan.Total,
            Currency = plan.Currency,
            Frequency = PlanRequest.FrequencyName(plan.Frequency),
            InstalmentCount = count,
            FirstDueDate = plan.FirstDueDate,
            CreatedBy = createdBy,
            ReplacesPaymentPlanId = replaces?.Id,
            SettlementId = settlement?.Id,
        });
        return plan;
    }

    private static async Task<PaymentPlanResponse> ResponseAsync(PaymentsDbContext db, PaymentPlan plan, CancellationToken cancellationToken)
    {
        var history = await db.History.AsNoTracking().Where(h => h.SubjectId == plan.Id).OrderBy(h => h.Id).ToListAsync(cancellationToken);
        return PaymentPlanResponse.From(plan, history);
    }
}

/// <summary>A plan to set up or renegotiate.</summary>
/// <param name="Frequency"><c>weekly</c>, <c>biweekly</c> or <c>monthly</c>.</param>
/// <param name="InstalmentCount">How many instalments.</param>
/// <param name="FirstDueDate">The first instalment's due date (yyyy-MM-dd), today or later, within a year. Monthly dates past the end of a shorter month fall on its last day.</param>
/// <param name="SettlementId">Optional: an agreed settlement of the account the plan pays, instead of the balance.</param>
/// <param name="Autopay">Optional: the stored payment method charged on each due date.</param>
/// <param name="Reason">Optional: why, for the history.</param>
public sealed record PlanRequest(string? Frequency, int? InstalmentCount, DateOnly? FirstDueDate, Guid? SettlementId, AutopayRequest? Autopay, string? Reason)
{
    internal PlanFrequency? FrequencyValue => Frequency switch
    {
        "weekly" => PlanFrequency.Weekly,
        "biweekly" => PlanFrequency.Biweekly,
        "monthly" => PlanFrequency.Monthly,
        _ => null,
    };

    internal static string FrequencyName(PlanFrequency frequency) => frequency.ToString().ToLowerInvariant();

    internal Dictionary<string, string[]> Validate(DateTimeOffset now, PaymentPlanOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (FrequencyValue is null)
        {
            errors["frequency"] = ["Required: weekly, biweekly or monthly."];
        }

        if (InstalmentCount is not { } count || count < 1 || count > options.MaxInstalments)
        {
            errors["instalmentCount"] = [$"Required: 1 to {options.MaxInstalments}."];
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (FirstDueDate is not { } first || first < today || first > today.AddYears(1))
        {
            errors["firstDueDate"] = ["Required: today or later, within a year."];
        }

        if (Autopay is { } autopay)
        {
            if (string.IsNullOrWhiteSpace(autopay.PaymentToken) || autopay.PaymentToken.Length > 255)
            {
                errors["autopay.paymentToken"] = ["Required: the processor's token for the payment method, up to 255 characters."];
            }
            else if (autopay.PaymentToken.Count(char.IsAsciiDigit) >= 8)
            {
                errors["autopay.paymentToken"] = ["Send the processor's token, never a card or bank account number."];
            }

            if (autopay.MethodKind is null)
            {
                errors["autopay.method"] = ["Required: card or ach."];
            }
        }

        if (Reason is { Length: > 500 })
        {
            errors["reason"] = ["At most 500 characters."];
        }

        return errors;
    }
}

/// <summary>The stored payment method autopay charges.</summary>
/// <param name="PaymentToken">The processor's token (e.g. <c>tok_…</c>), never a card or bank number.</param>
/// <param name="Method"><c>card</c> or <c>ach</c>.</param>
public sealed record AutopayRequest(string? PaymentToken, string? Method)
{
    internal PaymentMethodKind? MethodKind => Method switch
    {
        "card" => PaymentMethodKind.Card,
        "ach" => PaymentMethodKind.Ach,
        _ => null,
    };
}

/// <summary>A payment plan with its instalments and history.</summary>
public sealed record PaymentPlanResponse(
    Guid PaymentPlanId,
    Guid AccountId,
    string Status,
    decimal Total,
    string Currency,
    string Frequency,
    int InstalmentCount,
    DateOnly FirstDueDate,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    Guid? SettlementId,
    Guid? ReplacesPaymentPlanId,
    Guid? ReplacedByPaymentPlanId,
    bool Autopay,
    string? AutopayMethod,
    IReadOnlyList<InstalmentResponse> Instalments,
    IReadOnlyList<HistoryResponse> History)
{
    internal static PaymentPlanResponse From(PaymentPlan plan, IEnumerable<AuditEntry> history) => new(
        plan.Id,
        plan.AccountId,
        plan.Status.ToString().ToLowerInvariant(),
        plan.Total,
        plan.Currency,
        PlanRequest.FrequencyName(plan.Frequency),
        plan.Instalments.Count,
        plan.FirstDueDate,
        plan.CreatedBy,
        plan.CreatedAt,
        plan.SettlementId,
        plan.ReplacesPaymentPlanId,
        plan.ReplacedByPaymentPlanId,
        plan.Autopay,
        plan.AutopayMethod?.ToString().ToLowerInvariant(),
        [.. plan.Instalments.OrderBy(i => i.Number).Select(i => new InstalmentResponse(i.Number, i.DueDate, i.Amount, i.Status.ToString().ToLowerInvariant(), i.PaymentId, i.PaidAt))],
        [.. history.Select(HistoryResponse.From)]);
}

/// <summary>One instalment.</summary>
public sealed record InstalmentResponse(int Number, DateOnly DueDate, decimal Amount, string Status, Guid? PaymentId, DateTimeOffset? PaidAt);

/// <summary>One history line: what happened, who did it, why and when.</summary>
public sealed record HistoryResponse(string Action, string Actor, string? Reason, DateTimeOffset At)
{
    internal static HistoryResponse From(AuditEntry entry) => new(entry.Action, entry.Actor, entry.Reason, entry.At);
}

/// <summary>New portal plan rules.</summary>
/// <param name="MaxInstalments">Most instalments a consumer may choose.</param>
/// <param name="MinInstalmentAmount">Smallest instalment a consumer may choose.</param>
public sealed record PortalPlanRulesRequest(int? MaxInstalments, decimal? MinInstalmentAmount);

/// <summary>The portal plan rules in force; <paramref name="TenantDefined"/> false when the defaults apply.</summary>
public sealed record PortalPlanRulesResponse(int MaxInstalments, decimal MinInstalmentAmount, bool TenantDefined)
{
    internal static PortalPlanRulesResponse From(PortalPlanRules? rules, PaymentPlanOptions defaults) => rules is null
        ? new(defaults.PortalMaxInstalments, defaults.PortalMinInstalmentAmount, false)
        : new(rules.MaxInstalments, rules.MinInstalmentAmount, true);
}
