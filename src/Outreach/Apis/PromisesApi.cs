using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Collections.Outreach.Apis;

/// <summary>What an agent takes from a conversation besides its outcome: a promise to pay, a callback.</summary>
public static class PromisesApi
{
    /// <summary>How far ahead a promise may be due.</summary>
    public const int MaxPromiseDays = 90;

    /// <summary>How far ahead a callback may be asked for.</summary>
    public static readonly TimeSpan MaxCallbackAhead = TimeSpan.FromDays(30);

    private static readonly string[] StaffRoles = [Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.ComplianceOfficer, Roles.Admin];

    public static IEndpointRouteBuilder MapPromisesApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("api/v1/outreach/accounts/{accountId:guid}").WithTags("Promises and callbacks");
        accounts.MapPost("/promises", MakePromise)
            .WithSummary("Record a promise to pay")
            .WithDescription("An amount, the consumer's local due date and how they will pay. Kept when payments reach the amount by the due date plus the grace days; otherwise broken, and the account goes back to the work queue.");
        accounts.MapGet("/promises", ListPromises).WithSummary("The account's promises to pay");
        accounts.MapPost("/callbacks", RequestCallback)
            .WithSummary("Queue a callback the consumer asked for")
            .WithDescription("Queues the account for a call at the given instant on the given number. The compliance engine still decides when it comes up: the work queue hands it out only when the call is allowed then.");
        return app;
    }

    public static async Task<Results<Created<PromiseResponse>, NotFound, ValidationProblem>> MakePromise(
        Guid accountId,
        MakePromiseRequest request,
        Caller caller,
        TenantContext tenant,
        OutreachDbContext db,
        TimeProvider clock,
        IOptions<WorkQueueOptions> options,
        CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StaffRoles);
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.ConsumerId == account.ConsumerId, cancellationToken);
        var zones = StateTimeZones.Of(account.Jurisdiction).Concat(profile?.ExtraTimeZones ?? []).Distinct(StringComparer.Ordinal).ToList();
        var today = DateOnly.FromDateTime(zones.Count == 0 ? now.UtcDateTime : TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zones[0])).DateTime);

        var errors = new Dictionary<string, string[]>();
        if (request.Amount <= 0 || request.Amount > 100_000_000m || decimal.Round(request.Amount, 2) != request.Amount)
        {
            errors["amount"] = ["A positive amount with at most two decimals."];
        }
        else if (account.Balance > 0 && request.Amount > account.Balance)
        {
            errors["amount"] = [$"At most the balance, {account.Balance} {account.Currency}."];
        }

        if (request.Currency is null || request.Currency.Length != 3 || !request.Currency.All(char.IsAsciiLetterUpper)
            || (account.Currency.Length == 3 && request.Currency != account.Currency))
        {
            errors["currency"] = [account.Currency.Length == 3 ? $"The account's currency, {account.Currency}." : "An ISO 4217 code such as USD."];
        }

        if (request.DueDate is not { } due || due < today || due > today.AddDays(MaxPromiseDays))
        {
            errors["dueDate"] = [$"The consumer's local date, from {today:yyyy-MM-dd} to {today.AddDays(MaxPromiseDays):yyyy-MM-dd}."];
        }

        if (request.PaymentChannel is null || !MakePromiseRequest.Channels.Contains(request.PaymentChannel))
        {
            errors["paymentChannel"] = ["card, ach, check or other."];
        }

        if (request.AttemptId is { } attemptId && !await db.Attempts.AnyAsync(a => a.Id == attemptId && a.AccountId == accountId, cancellationToken))
        {
            errors["attemptId"] = ["An attempt recorded on this account."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var promise = new PromiseToPay
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.RequiredTenantId,
            AccountId = accountId,
            ClientId = account.ClientId,
            Amount = request.Amount,
            Currency = request.Currency!,
            DueDate = request.DueDate!.Value,
            BreaksAt = PromiseToPay.BreakingPoint(request.DueDate!.Value, options.Value.PromiseGraceDays, zones),
            PaymentChannel = request.PaymentChannel!,
            RecordedBy = caller.Subject,
            AttemptId = request.AttemptId,
            MadeAt = now,
            Status = PromiseStatus.Open,
        };
        db.Promises.Add(promise);
        db.AddIntegrationEvent(new PromiseToPayMade
        {
            TenantId = promise.TenantId,
            OccurredAt = now,
            PromiseId = promise.Id,
            AccountId = accountId,
            ClientId = account.ClientId,
            Amount = promise.Amount,
            Currency = promise.Currency,
            DueDate = promise.DueDate,
            PaymentChannel = promise.PaymentChannel,
            RecordedBy = promise.RecordedBy,
            AttemptId = promise.AttemptId,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/outreach/accounts/{accountId}/promises/{promise.Id}", PromiseResponse.From(promise));
    }

    public static async Task<Results<Ok<PromiseResponse[]>, NotFound>> ListPromises(Guid accountId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StaffRoles);
        if (!await db.Accounts.AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var promises = await db.Promises.AsNoTracking().Where(p => p.AccountId == accountId).OrderByDescending(p => p.MadeAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(promises.Select(PromiseResponse.From).ToArray());
    }

    public static async Task<Results<Created<QueueEntryResponse>, NotFound, ValidationProblem>> RequestCallback(
        Guid accountId,
        CallbackRequest request,
        Caller caller,
        TenantContext tenant,
        OutreachDbContext db,
        CallQueue queue,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StaffRoles);
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (request.At is not { } at || at.ToUniversalTime() < now - TimeSpan.FromMinutes(1) || at.ToUniversalTime() > now + MaxCallbackAhead)
        {
            errors["at"] = ["An instant from now to 30 days ahead."];
        }

        if (request.PhoneNumber is null || !ContactsApi.E164().IsMatch(request.PhoneNumber))
        {
            errors["phoneNumber"] = ["An E.164 number such as +16175550123."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // A concurrent request may insert the day's callback first; the second try then updates it.
        for (var attempt = 1; ; attempt++)
        {
            var entry = await queue.EnqueueAsync(
                tenant.RequiredTenantId, accountId, WorkQueues.Standard, QueueReasons.Callback, request.At!.Value, request.PhoneNumber, cancellationToken);
            if (entry is null)
            {
                return TypedResults.NotFound();
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Created($"/api/v1/outreach/accounts/{accountId}/callbacks/{entry.Id}", QueueEntryResponse.From(entry));
            }
            catch (DbUpdateException exception) when (attempt == 1 && exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
