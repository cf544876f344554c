using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhoneNumber = Collections.Outreach.Compliance.PhoneNumber;

namespace Collections.Outreach.Apis;

/// <summary>The agents' work queue: the next account to call, callable now.</summary>
public static class WorkQueueApi
{
    /// <summary>How many of the top-priority accounts one request examines before answering that none is callable.</summary>
    private const int Candidates = 20;

    private static readonly string[] AgentRoles = [Roles.Agent, Roles.SeniorAgent, Roles.Supervisor];

    private static readonly string[] TerminalStatuses = ["PaidInFull", "SettledInFull", "Recalled", "ReturnedUncollectible", "ClosedAfterDispute"];

    public static IEndpointRouteBuilder MapWorkQueueApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/outreach/work-queue").WithTags("Work queue")
            .MapGet("/next", Next)
            .WithSummary("The next account for this agent to call")
            .WithDescription("The highest-priority account in the agent's queues (senior agents and supervisors also take the senior queue) that is not on hold and that the compliance engine allows calling now on at least one number; leased to the agent so no other agent gets it. 204 when none is callable now.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<WorkItem>, NoContent, ProblemHttpResult>> Next(
        Caller caller,
        TenantContext tenant,
        OutreachDbContext db,
        ContactPolicy policy,
        AccountsService.AccountsServiceClient accounts,
        TimeProvider clock,
        IOptions<WorkQueueOptions> options,
        CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(AgentRoles);
        var agent = caller.Subject;
        string[] queues = caller.IsInRole(Roles.SeniorAgent) || caller.IsInRole(Roles.Supervisor) ? [WorkQueues.Standard, WorkQueues.Senior] : [WorkQueues.Standard];
        var now = clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One account at a time, highest priority first, locked so a concurrent request skips it: two agents never
        // get the same account. An account leased to another agent is left out until the lease expires or the
        // call is recorded.
        var examined = new List<Guid>();
        while (examined.Count < Candidates)
        {
            var candidate = (await db.Database.SqlQueryRaw<Candidate>(
                $$"""
                SELECT a."AccountId", {{WorkPriority.Sql}} AS "Priority",
                       EXISTS (SELECT 1 FROM work_queue c
                               WHERE c."TenantId" = {1} AND c."AccountId" = a."AccountId" AND c."CompletedAt" IS NULL
                                 AND c."Reason" = 'callback' AND c."NotBefore" <= {0} AND c."Queue" = ANY({2})) AS "CallbackDue"
                FROM contactable_accounts a
                WHERE a."TenantId" = {1} AND a."Holds" = 0 AND NOT (a."Status" = ANY({4})) AND NOT (a."AccountId" = ANY({5}))
                  AND EXISTS (SELECT 1 FROM work_queue q
                              WHERE q."TenantId" = {1} AND q."AccountId" = a."AccountId" AND q."CompletedAt" IS NULL
                                AND q."NotBefore" <= {0} AND q."Queue" = ANY({2}))
                  AND NOT EXISTS (SELECT 1 FROM work_queue l
                                  WHERE l."TenantId" = {1} AND l."AccountId" = a."AccountId" AND l."CompletedAt" IS NULL
                                    AND l."LeasedUntil" > {0} AND l."LeasedBy" <> {3})
                ORDER BY "CallbackDue" DESC, "Priority" DESC, a."AccountId"
                LIMIT 1
                FOR UPDATE OF a SKIP LOCKED
                """,
                now, tenant.RequiredTenantId, queues, agent, TerminalStatuses, examined.ToArray())
                .ToListAsync(cancellationToken)).SingleOrDefault();
            if (candidate is null)
            {
                break;
            }

            examined.Add(candidate.AccountId);

            // The statement above saw the leases committed when it started; one committed since, before this
            // request got the lock, is visible now.
            if (await db.QueuedCalls.AnyAsync(
                q => q.AccountId == candidate.AccountId && q.CompletedAt == null && q.LeasedUntil > now && q.LeasedBy != agent, cancellationToken))
            {
                continue;
            }

            var account = await db.Accounts.SingleAsync(a => a.AccountId == candidate.AccountId, cancellationToken);
            ConsumerReply? consumer;
            try
            {
                consumer = await accounts.GetConsumerAsync(new GetConsumerRequest { ConsumerId = account.ConsumerId.ToString() }, cancellationToken: cancellationToken);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                continue;
            }
            catch (RpcException)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Accounts is unavailable",
                    detail: "The consumer's numbers could not be fetched; try again shortly.");
            }

            var entries = await db.QueuedCalls
                .Where(q => q.AccountId == account.AccountId && q.CompletedAt == null && q.NotBefore <= now && queues.Contains(q.Queue))
                .OrderBy(q => q.NotBefore)
                .ToListAsync(cancellationToken);
            var verdicts = await VerdictsAsync(db, policy, account, consumer, entries, now, cancellationToken);
            if (!verdicts.Any(v => v.Allowed))
            {
                // Blocked on every number: wait until the engine says the earliest of them lifts, when it says so.
                if (verdicts.Count > 0 && verdicts.All(v => v.EarliestAllowedAt is not null))
                {
                    var lifts = verdicts.Min(v => v.EarliestAllowedAt!.Value);
                    entries.ForEach(e => e.NotBefore = lifts);
                }

                continue;
            }

            var leasedUntil = now + options.Value.Lease;
            foreach (var entry in entries)
            {
                entry.LeasedBy = agent;
                entry.LeasedUntil = leasedUntil;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var firstCommunication = !await db.Attempts.AnyAsync(
                a => a.AccountId == account.AccountId
                    && (a.Channel == ContactChannel.Letter || a.Channel == ContactChannel.Email || a.Channel == ContactChannel.Sms
                        || a.Outcome == ContactOutcome.RightPartyContact || a.Outcome == ContactOutcome.PromiseToPay || a.Outcome == ContactOutcome.Refused
                        || a.Outcome == ContactOutcome.DisputeRaised || a.Outcome == ContactOutcome.CallbackRequested),
                cancellationToken);
            var openPromise = await db.Promises.AsNoTracking()
                .Where(p => p.AccountId == account.AccountId && p.Status == PromiseStatus.Open)
                .OrderByDescending(p => p.MadeAt)
                .FirstOrDefaultAsync(cancellationToken);
            return TypedResults.Ok(new WorkItem(
                new AccountSummary(
                    account.AccountId, account.ConsumerId, account.ConsumerName, account.Jurisdiction, account.Status, account.Balance, account.Currency,
                    account.Score, account.Segment, account.LastContactAt, account.FailedAttempts, account.BrokenPromises, account.EscalatedAt,
                    openPromise is null ? null : PromiseResponse.From(openPromise)),
                verdicts,
                DisclosureScript.For(consumer.Language, firstCommunication),
                [.. entries.Select(QueueEntryResponse.From)],
                candidate.Priority,
                leasedUntil));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The engine's verdict for a manual call now to each known number, and to a callback number given by the consumer.</summary>
    private static async Task<List<NumberVerdict>> VerdictsAsync(
        OutreachDbContext db, ContactPolicy policy, ContactableAccount account, ConsumerReply consumer, List<QueuedCall> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - ContactDesk.HistoryWindow;
        var history = await db.Attempts.AsNoTracking().Where(a => a.AccountId == account.AccountId && a.At >= since && a.At <= now).ToListAsync(cancellationToken);
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.ConsumerId == account.ConsumerId, cancellationToken);
        var context = ContactDesk.ContextFor(account, profile, history, consumer.TimeZones.Where(z => TimeZoneInfo.TryFindSystemTimeZoneById(z, out _)));

        var numbers = consumer.Phones
            .Where(p => ContactsApi.E164().IsMatch(p.Number))
            .Select(p => new PhoneNumber(p.Number, TypeOf(p.Type)))
            .ToList();
        foreach (var callback in entries.Select(e => e.CallbackNumber).OfType<string>().Where(n => numbers.All(p => p.Number != n)))
        {
            // A number the consumer gave for the callback but Accounts does not list: nothing says it is a mobile or at work.
            numbers.Add(new PhoneNumber(callback, PhoneNumberType.Landline));
        }

        return [.. numbers.Select(number =>
        {
            var decision = policy.Decide(ContactRequest.Call(number, now), context);
            return new NumberVerdict(number.Number, number.Type.ToString(), decision.IsAllowed, decision.Reasons, decision.EarliestAllowedAt);
        })];
    }

    private static PhoneNumberType TypeOf(string type) => type.ToLowerInvariant() switch
    {
        "mobile" => PhoneNumberType.Mobile,
        "work" => PhoneNumberType.Work,
        _ => PhoneNumberType.Landline,
    };

    private sealed record Candidate(Guid AccountId, double Priority, bool CallbackDue);
}
