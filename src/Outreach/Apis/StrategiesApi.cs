using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Collections.Outreach.Strategies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Apis;

/// <summary>Contact strategies per segment, champion/challenger splits, and the daily strategy run (supervisors and admins).</summary>
public static class StrategiesApi
{
    private static readonly string[] Managers = [Roles.Supervisor, Roles.Admin];

    public static IEndpointRouteBuilder MapStrategiesApi(this IEndpointRouteBuilder app)
    {
        var strategies = app.MapGroup("api/v1/outreach/strategies").WithTags("Contact strategies");
        strategies.MapPost("/", Create).WithSummary("Create a contact strategy for a segment");
        strategies.MapGet("/", List).WithSummary("The tenant's strategies, current versions");
        strategies.MapGet("/{strategyId:guid}", Get).WithSummary("A strategy with all its versions");
        strategies.MapPut("/{strategyId:guid}", Revise)
            .WithSummary("Edit a strategy")
            .WithDescription("Adds a new version; accounts already assigned keep the version they were assigned.");

        var segments = app.MapGroup("api/v1/outreach/segments/{segment}").WithTags("Contact strategies");
        segments.MapPut("/split", SetSplit)
            .WithSummary("Set a segment's champion and challenger")
            .WithDescription("challengerPercent (0–100, two decimals) of the segment's newly assigned accounts get the challenger, chosen by a stable hash of the account id and the split.");
        segments.MapGet("/split", GetSplit).WithSummary("A segment's champion/challenger split");

        app.MapGet("api/v1/outreach/accounts/{accountId:guid}/strategy-assignment", GetAssignment).WithTags("Contact strategies").WithSummary("The strategy an account follows");
        app.MapGet("api/v1/outreach/accounts/{accountId:guid}/planned-contacts", ListPlanned).WithTags("Contact strategies").WithSummary("The actions strategy runs decided for an account");

        var runs = app.MapGroup("api/v1/outreach/strategy-runs").WithTags("Strategy runs");
        runs.MapPost("/", StartRun)
            .WithSummary("Start the daily strategy run for a business date")
            .WithDescription("Starts (or resumes) the run in the background; a completed run runs again and adds no action twice.");
        runs.MapGet("/{businessDate}", GetRun).WithSummary("A strategy run's progress");
        return app;
    }

    public static async Task<Results<Created<StrategyResponse>, ValidationProblem>> Create(
        StrategyRequest request, Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var strategy = request.ToVersion(tenant.RequiredTenantId, Guid.CreateVersion7(), 1, caller.Subject, clock.GetUtcNow());
        db.Strategies.Add(strategy);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/outreach/strategies/{strategy.StrategyId}", StrategyResponse.From(strategy));
    }

    public static async Task<Ok<StrategyResponse[]>> List(Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var current = await db.Strategies.AsNoTracking().Where(s => s.IsCurrent).OrderBy(s => s.Segment).ThenBy(s => s.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(current.Select(StrategyResponse.From).ToArray());
    }

    public static async Task<Results<Ok<StrategyResponse[]>, NotFound>> Get(Guid strategyId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var versions = await db.Strategies.AsNoTracking().Where(s => s.StrategyId == strategyId).OrderByDescending(s => s.Version).ToListAsync(cancellationToken);
        return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(versions.Select(StrategyResponse.From).ToArray());
    }

    public static async Task<Results<Ok<StrategyResponse>, NotFound, ValidationProblem>> Revise(
        Guid strategyId, StrategyRequest request, Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var current = await db.Strategies.SingleOrDefaultAsync(s => s.StrategyId == strategyId && s.IsCurrent, cancellationToken);
        if (current is null)
        {
            return TypedResults.NotFound();
        }

        current.IsCurrent = false;
        var next = request.ToVersion(tenant.RequiredTenantId, strategyId, current.Version + 1, caller.Subject, clock.GetUtcNow());
        db.Strategies.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(StrategyResponse.From(next));
    }

    public static async Task<Results<Ok<SplitResponse>, NotFound, ValidationProblem>> SetSplit(
        string segment, SplitRequest request, Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var errors = new Dictionary<string, string[]>();
        if (!StrategyRequest.IsSegment(segment))
        {
            errors["segment"] = ["1–100 characters: letters, digits, '-', '_' or '.'."];
        }

        if (request.ChampionStrategyId == Guid.Empty)
        {
            errors["championStrategyId"] = ["The champion strategy's id."];
        }

        var percent = request.ChallengerPercent ?? 0m;
        if (percent < 0 || percent > 100 || decimal.Round(percent, 2) != percent || (request.ChallengerStrategyId is null && percent != 0))
        {
            errors["challengerPercent"] = ["0 to 100 with at most two decimals; 0 without a challenger."];
        }

        if (request.ChallengerStrategyId is { } challenger && (challenger == Guid.Empty || challenger == request.ChampionStrategyId))
        {
            errors["challengerStrategyId"] = ["Another strategy than the champion."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var ids = new[] { request.ChampionStrategyId, request.ChallengerStrategyId ?? request.ChampionStrategyId };
        var found = await db.Strategies.Where(s => s.IsCurrent && ids.Contains(s.StrategyId)).Select(s => new { s.StrategyId, s.Segment }).ToListAsync(cancellationToken);
        if (found.Select(f => f.StrategyId).Distinct().Count() != ids.Distinct().Count())
        {
            return TypedResults.NotFound();
        }

        if (found.Any(f => f.Segment != segment))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segment"] = ["Both strategies must be strategies of this segment."] });
        }

        var split = await db.SegmentSplits.SingleOrDefaultAsync(s => s.Segment == segment, cancellationToken);
        if (split is null)
        {
            split = new SegmentSplit { TenantId = tenant.RequiredTenantId, Segment = segment };
            db.SegmentSplits.Add(split);
        }

        split.SplitId = Guid.CreateVersion7();
        split.ChampionStrategyId = request.ChampionStrategyId;
        split.ChallengerStrategyId = request.ChallengerStrategyId;
        split.ChallengerBasisPoints = (int)(percent * 100);
        split.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(SplitResponse.From(split));
    }

    public static async Task<Results<Ok<SplitResponse>, NotFound>> GetSplit(string segment, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var split = await db.SegmentSplits.AsNoTracking().SingleOrDefaultAsync(s => s.Segment == segment, cancellationToken);
        return split is null ? TypedResults.NotFound() : TypedResults.Ok(SplitResponse.From(split));
    }

    public static async Task<Results<Ok<StrategyAssignment>, NotFound>> GetAssignment(Guid accountId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(ContactsApiRoles.Staff);
        var assignment = await db.StrategyAssignments.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        return assignment is null ? TypedResults.NotFound() : TypedResults.Ok(assignment);
    }

    public static async Task<Results<Ok<PlannedContactResponse[]>, NotFound>> ListPlanned(Guid accountId, DateOnly? businessDate, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(ContactsApiRoles.Staff);
        if (!await db.Accounts.AnyAsync(a => a.AccountId == accountId, cancellationToken)
            && !await db.PlannedContacts.AnyAsync(p => p.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var planned = await db.PlannedContacts.AsNoTracking()
            .Where(p => p.AccountId == accountId && (businessDate == null || p.BusinessDate == businessDate))
            .OrderByDescending(p => p.BusinessDate).ThenBy(p => p.StepKey).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(planned.Select(PlannedContactResponse.From).ToArray());
    }

    public static async Task<Results<Accepted<StrategyRun>, ValidationProblem>> StartRun(
        StartRunRequest request, Caller caller, TenantContext tenant, StrategyRunner runner, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        if (request.BusinessDate is not { } date || date.Year < 2000 || date.Year > 2100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["businessDate"] = ["A date such as 2026-11-25."] });
        }

        runner.Start(tenant.RequiredTenantId, date, again: true);
        var run = await db.StrategyRuns.AsNoTracking().SingleOrDefaultAsync(r => r.BusinessDate == date, cancellationToken)
            ?? new StrategyRun { TenantId = tenant.RequiredTenantId, BusinessDate = date, State = StrategyRunState.Running };
        return TypedResults.Accepted($"/api/v1/outreach/strategy-runs/{date:yyyy-MM-dd}", run);
    }

    public static async Task<Results<Ok<StrategyRun>, NotFound>> GetRun(
        DateOnly businessDate, Caller caller, TenantContext tenant, StrategyRunner runner, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var run = await db.StrategyRuns.AsNoTracking().SingleOrDefaultAsync(r => r.BusinessDate == businessDate, cancellationToken);
        if (run is null && runner.IsRunning(tenant.RequiredTenantId, businessDate))
        {
            // Started (202) but its row is not stored yet: the run exists, it is running.
            run = new StrategyRun { TenantId = tenant.RequiredTenantId, BusinessDate = businessDate, State = StrategyRunState.Running };
        }

        return run is null ? TypedResults.NotFound() : TypedResults.Ok(run);
    }
}

/// <summary>The roles that work accounts.</summary>
internal static class ContactsApiRoles
{
    public static readonly string[] Staff = [Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.ComplianceOfficer, Roles.Admin];
}
