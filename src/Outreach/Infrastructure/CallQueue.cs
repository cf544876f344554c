using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Collections.Outreach.Infrastructure;

/// <summary>
/// The agents' work queues. Everything that wants an account called (the daily strategy run, a callback, a broken
/// promise or plan, an escalation) goes through <c>EnqueueAsync</c>; the work-queue API hands the entries
/// out. Methods stage their changes in the scope's <see cref="OutreachDbContext"/>: the caller saves, so the queue
/// entry commits together with whatever caused it.
/// </summary>
public sealed class CallQueue(OutreachDbContext db, TenantContext tenant, TimeProvider clock, IOptions<WorkQueueOptions> options)
{
    /// <summary>
    /// Queues a call about the account from <c>notBefore</c>. Idempotent per account,
    /// reason and the consumer's local day of <c>notBefore</c>: an entry already there is returned
    /// (a callback takes the newly asked time and number, and is open again). An escalated account's calls go to the senior queue whatever
    /// <c>queue</c> says. Returns null when the account is not known to outreach.
    /// </summary>
    /// <remarks>
    /// <c>tenantId</c> must be the scope's tenant; <c>queue</c> is <see cref="WorkQueues.Standard"/> or
    /// <see cref="WorkQueues.Senior"/>; <c>reason</c> one of <see cref="QueueReasons"/>.
    /// </remarks>
    public async Task<QueuedCall?> EnqueueAsync(Guid tenantId, Guid accountId, string queue, string reason, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        await EnqueueAsync(tenantId, accountId, queue, reason, notBefore, callbackNumber: null, cancellationToken);

    internal async Task<QueuedCall?> EnqueueAsync(
        Guid tenantId, Guid accountId, string queue, string reason, DateTimeOffset notBefore, string? callbackNumber, CancellationToken cancellationToken)
    {
        if (!WorkQueues.IsKnown(queue))
        {
            throw new ArgumentException($"Unknown work queue '{queue}'.", nameof(queue));
        }

        if (!QueueReasons.IsKnown(reason))
        {
            throw new ArgumentException($"Unknown queue reason '{reason}'.", nameof(reason));
        }

        if (tenantId != tenant.RequiredTenantId)
        {
            throw new CrossTenantWriteException(nameof(QueuedCall));
        }

        var account = await db.Accounts.FindAsync([accountId], cancellationToken);
        if (account is null)
        {
            return null;
        }

        notBefore = notBefore.ToUniversalTime();
        var day = LocalDay(account, notBefore);
        var existing = db.QueuedCalls.Local.FirstOrDefault(q => q.AccountId == accountId && q.Reason == reason && q.Day == day)
            ?? await db.QueuedCalls.SingleOrDefaultAsync(q => q.AccountId == accountId && q.Reason == reason && q.Day == day, cancellationToken);
        if (existing is not null)
        {
            // The consumer's latest request for a callback that day is the one to honour, even after an earlier one was made.
            if (reason == QueueReasons.Callback)
            {
                existing.NotBefore = notBefore;
                existing.CallbackNumber = callbackNumber ?? existing.CallbackNumber;
                existing.CompletedAt = null;
                existing.CompletedBy = null;
                existing.LeasedBy = null;
                existing.LeasedUntil = null;
            }

            return existing;
        }

        var entry = new QueuedCall
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            TenantId = tenantId,
            AccountId = accountId,
            Queue = account.EscalatedAt is null ? queue : WorkQueues.Senior,
            Reason = reason,
            Day = day,
            NotBefore = notBefore,
            CallbackNumber = callbackNumber,
            CreatedAt = clock.GetUtcNow(),
        };
        db.QueuedCalls.Add(entry);
        return entry;
    }

    /// <summary>
    /// Queues many calls for one reason other than a callback, as <c>EnqueueAsync</c> would one by one (idempotent per
    /// account, reason and local day; an escalated account's calls go to the senior queue; an account not known to
    /// outreach is skipped). Unlike the other methods it writes at once, in the caller's transaction: the accounts are
    /// read in one query and the entries inserted in one statement, an entry already there for the account, reason and
    /// local day being kept. Returns the entries added.
    /// </summary>
    public async Task<List<QueuedCall>> EnqueueManyAsync(
        Guid tenantId, IReadOnlyCollection<(Guid AccountId, DateTimeOffset NotBefore)> calls, string queue, string reason, CancellationToken cancellationToken)
    {
        if (!WorkQueues.IsKnown(queue))
        {
            throw new ArgumentException($"Unknown work queue '{queue}'.", nameof(queue));
        }

        if (!QueueReasons.IsKnown(reason) || reason == QueueReasons.Callback)
        {
            throw new ArgumentException($"Queue reason '{reason}' is not queued in bulk.", nameof(reason));
        }

        if (tenantId != tenant.RequiredTenantId)
        {
            throw new CrossTenantWriteException(nameof(QueuedCall));
        }

        var added = new List<QueuedCall>();
        if (calls.Count == 0)
        {
            return added;
        }

        var ids = calls.Select(c => c.AccountId).Distinct().ToArray();
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.AccountId))
            .Select(a => new { a.AccountId, a.Jurisdiction, a.EscalatedAt })
            .ToDictionaryAsync(a => a.AccountId, cancellationToken);

        // Entries staged in the context and not saved yet count as there.
        var taken = db.QueuedCalls.Local.Where(q => q.Reason == reason).Select(q => (q.AccountId, q.Day)).ToHashSet();
        var now = clock.GetUtcNow();
        var candidates = new List<QueuedCall>(calls.Count);
        foreach (var (accountId, at) in calls)
        {
            if (!accounts.TryGetValue(accountId, out var account))
            {
                continue;
            }

            var notBefore = at.ToUniversalTime();
            var day = LocalDay(account.Jurisdiction, notBefore);
            if (!taken.Add((accountId, day)))
            {
                continue;
            }

            candidates.Add(new QueuedCall
            {
                Id = Guid.CreateVersion7(now),
                TenantId = tenantId,
                AccountId = accountId,
                Queue = account.EscalatedAt is null ? queue : WorkQueues.Senior,
                Reason = reason,
                Day = day,
                NotBefore = notBefore,
                CreatedAt = now,
            });
        }

        if (candidates.Count == 0)
        {
            return added;
        }

        var parameters = new NpgsqlParameter[]
        {
            new("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = candidates.Select(c => c.Id).ToArray() },
            new("tenant", NpgsqlDbType.Uuid) { Value = tenantId },
            new("account", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = candidates.Select(c => c.AccountId).ToArray() },
            new("queue", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = candidates.Select(c => c.Queue).ToArray() },
            new("reason", NpgsqlDbType.Text) { Value = reason },
            new("day", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = candidates.Select(c => c.Day).ToArray() },
            new("not_before", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = candidates.Select(c => c.NotBefore).ToArray() },
            new("created", NpgsqlDbType.TimestampTz) { Value = now },
        };
        var stored = (await db.Database.SqlQueryRaw<Guid>(
            """
            INSERT INTO work_queue ("Id", "TenantId", "AccountId", "Queue", "Reason", "Day", "NotBefore", "CreatedAt")
            SELECT c.id, @tenant, c.account, c.queue, @reason, c.day, c.not_before, @created FROM unnest(@id, @account, @queue, @day, @not_before) AS c(id, account, queue, day, not_before)
            ON CONFLICT ("TenantId", "AccountId", "Reason", "Day") DO NOTHING
            RETURNING "Id" AS "Value"
            """,
            parameters).ToListAsync(cancellationToken)).ToHashSet();
        added.AddRange(candidates.Where(c => stored.Contains(c.Id)));
        return added;
    }

    /// <summary>
    /// Keeps the queue in step with an attempt just recorded on <paramref name="account"/> (tracked): the last contact,
    /// the failed-call count and escalation, and the due entries a call satisfies.
    /// </summary>
    public async Task AttemptRecordedAsync(ContactableAccount account, RecordedContact attempt, CancellationToken cancellationToken)
    {
        if (account.LastContactAt is null || attempt.At > account.LastContactAt)
        {
            account.LastContactAt = attempt.At;
        }

        if (attempt.Channel is not (ContactChannel.Call or ContactChannel.Voicemail))
        {
            return;
        }

        var due = await db.QueuedCalls
            .Where(q => q.AccountId == account.AccountId && q.CompletedAt == null && q.NotBefore <= attempt.At)
            .ToListAsync(cancellationToken);
        foreach (var entry in due)
        {
            entry.CompletedAt = clock.GetUtcNow();
            entry.CompletedBy = attempt.RecordedBy;
            entry.LeasedUntil = null;
        }

        if (attempt.Outcome is ContactOutcome.RightPartyContact or ContactOutcome.PromiseToPay)
        {
            account.FailedAttempts = 0;
        }
        else if (attempt.Outcome is ContactOutcome.NoAnswer or ContactOutcome.NotConnected or ContactOutcome.Refused)
        {
            account.FailedAttempts++;
            await EscalateIfDueAsync(account, cancellationToken);
        }
    }

    /// <summary>Counts a broken promise against the account (tracked) and re-queues it.</summary>
    public async Task PromiseBrokenAsync(ContactableAccount account, CancellationToken cancellationToken)
    {
        account.BrokenPromises++;
        await EscalateIfDueAsync(account, cancellationToken);
        await EnqueueAsync(account.TenantId, account.AccountId, WorkQueues.Standard, QueueReasons.BrokenPromise, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Moves the account (tracked) to the senior queue once it reached the failed calls or broken promises of its
    /// contact strategy (the version it is assigned), else of the queue's configuration: its open entries move there
    /// and an escalation call is queued now.
    /// </summary>
    private async Task EscalateIfDueAsync(ContactableAccount account, CancellationToken cancellationToken)
    {
        if (account.EscalatedAt is not null)
        {
            return;
        }

        var settings = options.Value;
        var strategy = await (
            from assignment in db.StrategyAssignments
            where assignment.AccountId == account.AccountId
            join version in db.Strategies on new { assignment.StrategyId, Version = assignment.StrategyVersion } equals new { version.StrategyId, version.Version }
            select new { version.EscalateAfterFailedAttempts, version.EscalateAfterBrokenPromises })
            .FirstOrDefaultAsync(cancellationToken);
        var failedCalls = strategy?.EscalateAfterFailedAttempts ?? settings.EscalateAfterFailedAttempts;
        var brokenPromises = strategy?.EscalateAfterBrokenPromises ?? settings.EscalateAfterBrokenPromises;
        if (account.FailedAttempts < failedCalls && account.BrokenPromises < brokenPromises)
        {
            return;
        }

        account.EscalatedAt = clock.GetUtcNow();
        var open = await db.QueuedCalls.Where(q => q.AccountId == account.AccountId && q.CompletedAt == null).ToListAsync(cancellationToken);
        foreach (var entry in open.Concat(db.QueuedCalls.Local.Where(q => q.AccountId == account.AccountId && q.CompletedAt == null)))
        {
            entry.Queue = WorkQueues.Senior;
        }

        await EnqueueAsync(account.TenantId, account.AccountId, WorkQueues.Senior, QueueReasons.Escalation, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>The consumer's local day of <paramref name="instant"/>, in the first zone of the account's state (UTC when unknown).</summary>
    private static DateOnly LocalDay(ContactableAccount account, DateTimeOffset instant) => LocalDay(account.Jurisdiction, instant);

    private static DateOnly LocalDay(string jurisdiction, DateTimeOffset instant)
    {
        var zones = StateTimeZones.Of(jurisdiction);
        var local = zones.Count == 0 ? instant : TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zones[0]));
        return DateOnly.FromDateTime(local.DateTime);
    }
}
