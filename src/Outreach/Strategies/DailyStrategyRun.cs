using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Compliance;
using Collections.Outreach.Consumers;
using Collections.Outreach.Domain;
using PhoneNumber = Collections.Outreach.Compliance.PhoneNumber;
using Collections.Outreach.Infrastructure;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Collections.Outreach.Strategies;

/// <summary>
/// A tenant's daily strategy run for one business date: streams every collectable account from Accounts, assigns
/// new and re-segmented accounts to a strategy (champion or challenger), and stores the actions due that day — the
/// letters, emails and texts the compliance engine allows at their send time in the consumer's zone (the first
/// allowed instant from 09:00 local) and the calls to queue. Each batch is committed with the last account id as the
/// checkpoint, so a restarted run continues after it; an action's key (tenant, account, date, step) makes it stored once.
/// </summary>
public sealed class DailyStrategyRun(
    OutreachDbContext db,
    TenantContext tenant,
    AccountsService.AccountsServiceClient accounts,
    ContactPolicy policy,
    CallQueue callQueue,
    TimeProvider clock,
    ILogger<DailyStrategyRun> logger)
{
    /// <summary>Accounts per committed batch.</summary>
    public const int BatchSize = 5000;

    /// <summary>Outcomes that mean the right party was reached; older attempts than the engine's window are read only for these.</summary>
    private static readonly ContactOutcome[] RightPartyOutcomes =
        [ContactOutcome.RightPartyContact, ContactOutcome.PromiseToPay, ContactOutcome.Refused, ContactOutcome.DisputeRaised, ContactOutcome.CallbackRequested];

    private static readonly TimeOnly SendFrom = new(9, 0);
    private static readonly TimeOnly SendUntil = new(21, 0);
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    // Where a run's time goes, logged when it completes: reading the stream, reading Outreach's state, asking Accounts
    // for consumers' numbers, deciding, storing.
    private readonly Stopwatch streaming = new(), reading = new(), consumers = new(), deciding = new(), storing = new();
    private readonly Stopwatch readingAssignments = new(), readingHistory = new(), storingActions = new(), storingCalls = new(), committing = new();

    // Set once Accounts answered that it has no batched stream.
    private bool singleAccountStream;

    /// <summary>Runs (or resumes) the run of <paramref name="businessDate"/>; a completed run is run again when <paramref name="again"/>.</summary>
    public async Task<StrategyRun> RunAsync(DateOnly businessDate, bool again, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // One runner per tenant and date across instances; the loser reports the run as it stands.
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock(hashtextextended({$"strategy-run:{tenantId}:{businessDate:yyyy-MM-dd}"}, 0)) AS \"Value\"").SingleAsync(cancellationToken);
            if (!locked)
            {
                return await db.StrategyRuns.AsNoTracking().SingleOrDefaultAsync(r => r.BusinessDate == businessDate, cancellationToken)
                    ?? throw new InvalidOperationException("The run is starting elsewhere.");
            }

            try
            {
                return await RunLockedAsync(tenantId, businessDate, again, cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({$"strategy-run:{tenantId}:{businessDate:yyyy-MM-dd}"}, 0))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<StrategyRun> RunLockedAsync(Guid tenantId, DateOnly businessDate, bool again, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var run = await db.StrategyRuns.SingleOrDefaultAsync(r => r.BusinessDate == businessDate, cancellationToken);
        if (run is null)
        {
            run = new StrategyRun { TenantId = tenantId, BusinessDate = businessDate, StartedAt = now, UpdatedAt = now, State = StrategyRunState.Running };
            db.StrategyRuns.Add(run);
        }
        else if (run.State == StrategyRunState.Completed)
        {
            if (!again)
            {
                return run;
            }

            run.LastAccountId = null;
            run.AccountsSeen = run.AccountsAssigned = run.AccountsHeld = run.ActionsPlanned = run.ActionsBlocked = 0;
            run.StartedAt = now;
            run.CompletedAt = null;
        }

        run.State = StrategyRunState.Running;
        run.Error = null;
        run.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);

        var book = new StrategyBook(
            await db.Strategies.AsNoTracking().ToListAsync(cancellationToken),
            await db.SegmentSplits.AsNoTracking().ToListAsync(cancellationToken));

        try
        {
            var failures = 0;
            while (true)
            {
                try
                {
                    await StreamFromCheckpointAsync(run, book, cancellationToken);
                    break;
                }
                catch (RpcException broken) when (broken.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Aborted && ++failures <= 5)
                {
                    // A broken stream resumes after the last committed account.
                    logger.LogWarning(broken, "The accounts stream broke after {LastAccountId}; resuming", run.LastAccountId);
                    await Task.Delay(TimeSpan.FromSeconds(failures), clock, cancellationToken);
                }
            }

            run.State = StrategyRunState.Completed;
            run.CompletedAt = run.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation(
                "Strategy run of {BusinessDate} completed: {AccountsSeen} accounts, {ActionsPlanned} actions; stream {Streaming} ms, reads {Reading} ms (assignments {Assignments} ms, history {History} ms), consumers {Consumers} ms, decisions {Deciding} ms, writes {Storing} ms (actions {Actions} ms, calls {Calls} ms, assignments and commit {Commit} ms)",
                businessDate, run.AccountsSeen, run.ActionsPlanned, streaming.ElapsedMilliseconds, reading.ElapsedMilliseconds, readingAssignments.ElapsedMilliseconds, readingHistory.ElapsedMilliseconds, consumers.ElapsedMilliseconds, deciding.ElapsedMilliseconds, storing.ElapsedMilliseconds, storingActions.ElapsedMilliseconds, storingCalls.ElapsedMilliseconds, committing.ElapsedMilliseconds);
            return run;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogError(failure, "The strategy run of {BusinessDate} failed after {LastAccountId}", businessDate, run.LastAccountId);
            db.ChangeTracker.Clear();
            var failed = await db.StrategyRuns.SingleAsync(r => r.BusinessDate == businessDate, CancellationToken.None);
            failed.State = StrategyRunState.Failed;
            failed.Error = failure.Message.Length > 2000 ? failure.Message[..2000] : failure.Message;
            failed.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            return failed;
        }
    }

    private async Task StreamFromCheckpointAsync(StrategyRun run, StrategyBook book, CancellationToken cancellationToken)
    {
        var after = run.LastAccountId?.ToString() ?? "";
        // The stream is read ahead into a bounded queue while the previous batch is decided and stored.
        var batches = Channel.CreateBounded<List<StrategyAccount>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    var batch = new List<StrategyAccount>(BatchSize);
                    streaming.Start();
                    await foreach (var account in StreamAsync(after, cancellationToken))
                    {
                        batch.Add(account);
                        if (batch.Count == BatchSize)
                        {
                            streaming.Stop();
                            await batches.Writer.WriteAsync(batch, cancellationToken);
                            batch = new List<StrategyAccount>(BatchSize);
                            streaming.Start();
                        }
                    }

                    streaming.Stop();
                    if (batch.Count > 0)
                    {
                        await batches.Writer.WriteAsync(batch, cancellationToken);
                    }

                    batches.Writer.Complete();
                }
                catch (Exception failure)
                {
                    batches.Writer.Complete(failure);
                }
            },
            cancellationToken);

        // Outreach's state for a batch is read on a connection of its own, so batch N+1 is read and decided while batch N
        // is written and committed on the run's connection. The two touch different accounts (the stream is in id order
        // and each account comes once), and a batch's counters and checkpoint are applied only when it is written.
        await using var readConnection = (NpgsqlConnection)((ICloneable)db.Database.GetDbConnection()).Clone();
        await readConnection.OpenAsync(cancellationToken);
        await using var reads = new OutreachDbContext(new DbContextOptionsBuilder<OutreachDbContext>().UseNpgsql(readConnection).Options, tenant);
        Task? writing = null;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                var prepared = await PrepareAsync(reads, readConnection, run, book, batch, cancellationToken);
                if (writing is not null)
                {
                    await writing;
                }

                writing = WriteAsync(run, prepared, cancellationToken);
            }

            if (writing is not null)
            {
                await writing;
            }
        }
        catch (Exception) when (writing is not null)
        {
            // A failed read, decision or stream leaves the run's connection to the failure handler only once the write in
            // flight ended. A failed write is the failure reported: its checkpoint was not committed, so the run must not
            // resume after it as it would after a broken stream.
            await Task.WhenAny(writing);
            if (writing.IsFaulted)
            {
                await writing;
            }

            throw;
        }

        await reader;
    }

    /// <summary>
    /// The accounts after <paramref name="after"/> in id order: from <c>StreamAccountBatchesForStrategy</c> (hundreds per
    /// message), or <c>StreamAccountsForStrategy</c> when Accounts does not offer the batched stream.
    /// </summary>
    private async IAsyncEnumerable<StrategyAccount> StreamAsync(string after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!singleAccountStream)
        {
            using var batched = accounts.StreamAccountBatchesForStrategy(new StreamAccountsForStrategyRequest { AfterAccountId = after }, cancellationToken: cancellationToken);
            var received = false;
            while (true)
            {
                bool more;
                try
                {
                    more = await batched.ResponseStream.MoveNext(cancellationToken);
                }
                catch (RpcException unimplemented) when (unimplemented.StatusCode == StatusCode.Unimplemented && !received)
                {
                    singleAccountStream = true;
                    break;
                }

                if (!more)
                {
                    yield break;
                }

                received = true;
                foreach (var account in batched.ResponseStream.Current.Accounts)
                {
                    yield return account;
                }
            }
        }

        using var call = accounts.StreamAccountsForStrategy(new StreamAccountsForStrategyRequest { AfterAccountId = after }, cancellationToken: cancellationToken);
        await foreach (var account in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return account;
        }
    }

    /// <summary>Reads what the batch needs from Outreach's state, assigns and decides; writes nothing.</summary>
    private async Task<PreparedBatch> PrepareAsync(OutreachDbContext reads, NpgsqlConnection readConnection, StrategyRun run, StrategyBook book, List<StrategyAccount> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = new Guid[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            ids[i] = Guid.Parse(batch[i].AccountId);
        }

        reading.Start();
        readingAssignments.Start();
        var assignments = await ReadAssignmentsAsync(readConnection, run.TenantId, ids, cancellationToken);
        readingAssignments.Stop();
        reading.Stop();
        var prepared = new PreparedBatch { Now = now, AccountsSeen = batch.Count, LastAccountId = ids[^1] };
        var due = new List<DueStep>();
        for (var i = 0; i < batch.Count; i++)
        {
            var account = batch[i];
            var accountId = ids[i];
            if (account.Segment.Length == 0)
            {
                continue;
            }

            if (!assignments.TryGetValue(accountId, out var assignment) || assignment.Segment != account.Segment)
            {
                assignment = Assign(run, book, account, accountId, assignment, now, prepared);
                if (assignment is null)
                {
                    continue;
                }
            }

            var holds = account.Holds.Aggregate(AccountHolds.None, (all, hold) => all | HoldNames.Parse(hold));
            var held = false;
            foreach (var (number, step) in book.DueSteps(assignment, run.BusinessDate))
            {
                if (holds != AccountHolds.None)
                {
                    held = true;
                    continue;
                }

                if (step.Conditions.Contains(StepCondition.NoPayment) && account.LastPaymentAt is not null)
                {
                    continue;
                }

                due.Add(new DueStep(account, accountId, holds, assignment, number, step));
            }

            if (held)
            {
                prepared.AccountsHeld++;
            }
        }

        prepared.Planned = due.Count == 0 ? [] : await PlanAsync(reads, run.BusinessDate, due, now, cancellationToken);
        return prepared;
    }

    /// <summary>
    /// The assignments of the batch's accounts. The stream is ordered by account id, so they are one range of the
    /// (tenant, account) index, read in order rather than probed one id at a time; assignments in the range for accounts
    /// not streamed are ignored.
    /// </summary>
    private static async Task<Dictionary<Guid, StrategyAssignment>> ReadAssignmentsAsync(NpgsqlConnection connection, Guid tenantId, Guid[] ids, CancellationToken cancellationToken)
    {
        const string Columns = """SELECT "AccountId", "Segment", "StrategyId", "StrategyVersion", "Arm", "SplitId", "AssignedOn", "AssignedAt" FROM strategy_assignments WHERE "TenantId" = $1""";
        await using var command = connection.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        if (InIdOrder(ids))
        {
            command.CommandText = Columns + """ AND "AccountId" >= $2 AND "AccountId" <= $3""";
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ids[0] });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ids[^1] });
        }
        else
        {
            command.CommandText = Columns + """ AND "AccountId" = ANY($2)""";
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        }

        var assignments = new Dictionary<Guid, StrategyAssignment>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var assignment = new StrategyAssignment
            {
                AccountId = reader.GetGuid(0),
                TenantId = tenantId,
                Segment = reader.GetString(1),
                StrategyId = reader.GetGuid(2),
                StrategyVersion = reader.GetInt32(3),
                Arm = reader.GetString(4),
                SplitId = reader.IsDBNull(5) ? null : reader.GetGuid(5),
                AssignedOn = reader.GetFieldValue<DateOnly>(6),
                AssignedAt = reader.GetFieldValue<DateTimeOffset>(7),
            };
            assignments[assignment.AccountId] = assignment;
        }

        return assignments;
    }

    /// <summary>Stores a prepared batch with its checkpoint in one transaction on the run's connection.</summary>
    private async Task WriteAsync(StrategyRun run, PreparedBatch prepared, CancellationToken cancellationToken)
    {
        storing.Start();
        foreach (var (assignment, replaces, assigned) in prepared.Assignments)
        {
            if (replaces)
            {
                db.StrategyAssignments.Update(assignment);
            }
            else
            {
                db.StrategyAssignments.Add(assignment);
            }

            db.AddIntegrationEvent(assigned);
        }

        run.AccountsSeen += prepared.AccountsSeen;
        run.AccountsAssigned += prepared.Assignments.Count;
        run.AccountsHeld += prepared.AccountsHeld;
        run.LastAccountId = prepared.LastAccountId;
        run.UpdatedAt = prepared.Now;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        storingActions.Start();
        var inserted = await InsertAsync(prepared.Planned, cancellationToken);
        storingActions.Stop();
        run.ActionsPlanned += inserted.Planned;
        run.ActionsBlocked += inserted.Blocked;

        // A call the run planned is handed to the agents' work queue from its send time, in the same transaction.
        storingCalls.Start();
        await callQueue.EnqueueManyAsync(run.TenantId, inserted.Calls.ConvertAll(c => (c.AccountId, c.ScheduledAt)), WorkQueues.Standard, QueueReasons.Strategy, cancellationToken);
        storingCalls.Stop();

        committing.Start();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        committing.Stop();
        storing.Stop();
        db.ChangeTracker.Clear();
        db.Attach(run);
    }

    private static StrategyAssignment? Assign(StrategyRun run, StrategyBook book, StrategyAccount account, Guid accountId, StrategyAssignment? previous, DateTimeOffset now, PreparedBatch prepared)
    {
        if (book.Choose(accountId, account.Segment) is not var (strategy, arm, splitId))
        {
            return null;
        }

        var assignment = new StrategyAssignment
        {
            AccountId = accountId,
            TenantId = run.TenantId,
            Segment = account.Segment,
            StrategyId = strategy.StrategyId,
            StrategyVersion = strategy.Version,
            Arm = arm,
            SplitId = splitId,
            AssignedOn = run.BusinessDate,
            AssignedAt = now,
        };
        prepared.Assignments.Add((assignment, previous is not null, new StrategyAssigned
        {
            TenantId = run.TenantId,
            OccurredAt = now,
            AccountId = accountId,
            ClientId = Guid.TryParse(account.ClientId, out var clientId) ? clientId : Guid.Empty,
            Segment = account.Segment,
            StrategyId = strategy.StrategyId,
            StrategyName = strategy.Name,
            Arm = arm,
        }));
        return assignment;
    }

    private async Task<List<PlannedContact>> PlanAsync(OutreachDbContext reads, DateOnly businessDate, List<DueStep> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        reading.Start();
        var dueIds = due.Select(d => d.AccountId).Distinct().ToArray();
        var consumerIds = due.Select(d => Guid.Parse(d.Account.ConsumerId)).Distinct().ToArray();
        var since = businessDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - ContactDesk.HistoryWindow;
        readingHistory.Start();
        var histories = await ReadHistoriesAsync(reads, tenant.RequiredTenantId, dueIds, since, cancellationToken);
        readingHistory.Stop();
        var profiles = await reads.Profiles.AsNoTracking().Where(p => consumerIds.Contains(p.ConsumerId)).ToDictionaryAsync(p => p.ConsumerId, cancellationToken);

        reading.Stop();

        // Numbers and addresses come from Accounts, only for the consumers something is to be sent to or called.
        consumers.Start();
        var contacts = new ConcurrentDictionary<string, ConsumerReply>(StringComparer.Ordinal);
        foreach (var d in due)
        {
            if (d.Account.Phones.Count > 0 || d.Account.Emails.Count > 0)
            {
                contacts.TryAdd(d.Account.ConsumerId, FromStream(d.Account));
            }
        }

        var needContact = due.Where(d => d.Step.Channel != ContactChannel.Letter && !contacts.ContainsKey(d.Account.ConsumerId)).Select(d => d.Account.ConsumerId).Distinct().ToArray();
        await Parallel.ForEachAsync(needContact, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (consumerId, ct) =>
        {
            try
            {
                contacts[consumerId] = await accounts.GetConsumerAsync(new GetConsumerRequest { ConsumerId = consumerId }, cancellationToken: ct);
            }
            catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound)
            {
            }
        });
        consumers.Stop();
        deciding.Start();

        var planned = new List<PlannedContact>(due.Count);
        foreach (var d in due)
        {
            var history = histories.GetValueOrDefault(d.AccountId, AccountHistory.None);
            if (d.Step.Conditions.Contains(StepCondition.NoRightPartyContact) && history.RightPartyContacted)
            {
                continue;
            }

            var consumerId = Guid.Parse(d.Account.ConsumerId);
            contacts.TryGetValue(d.Account.ConsumerId, out var consumer);
            var profile = profiles.GetValueOrDefault(consumerId);
            var zones = d.Account.TimeZones.Count > 0 ? (IReadOnlyList<string>)d.Account.TimeZones : StateTimeZones.Of(d.Account.Jurisdiction);
            var action = new PlannedContact
            {
                Id = Guid.CreateVersion7(now),
                TenantId = d.Assignment.TenantId,
                AccountId = d.AccountId,
                ConsumerId = consumerId,
                BusinessDate = businessDate,
                StepKey = $"{d.Assignment.StrategyId:N}:{d.Assignment.StrategyVersion}:{d.Number}",
                StrategyId = d.Assignment.StrategyId,
                Channel = d.Step.Channel,
                TemplateKey = d.Step.TemplateKey,
                Language = MessageTemplates.LanguageOf(consumer?.Language is { Length: > 0 } spoken ? spoken : d.Account.Language),
                CreatedAt = now,
            };
            var (from, until) = SendWindow(businessDate, zones);
            action.ScheduledAt = from;
            var target = consumer is null ? null : ContactTargets.Choose(d.Step.Channel, consumer);
            if (d.Step.Channel != ContactChannel.Letter && target is null)
            {
                action.State = PlannedContactState.Failed;
                action.Reasons = "no-address";
                planned.Add(action);
                continue;
            }

            action.Target = target?.Address;
            action.TargetType = target?.PhoneType;
            var context = ContactDesk.ContextFor(d.Account.Jurisdiction, d.Holds, zones, ContactTargets.WithConsents(profile, consumer), history.Window, d.Step.Channel);
            var decision = policy.Decide(ContactTargets.Request(d.Step.Channel, target, from), context);
            if (!decision.IsAllowed && decision.EarliestAllowedAt is { } later && later < until)
            {
                action.ScheduledAt = later;
            }
            else if (!decision.IsAllowed)
            {
                action.State = PlannedContactState.Blocked;
                action.Reasons = string.Join(',', decision.Reasons.Select(r => r.Code));
                planned.Add(action);
                continue;
            }

            action.State = d.Step.Channel is ContactChannel.Call or ContactChannel.Voicemail ? PlannedContactState.Queued : PlannedContactState.Scheduled;
            planned.Add(action);
        }

        deciding.Stop();
        return planned;
    }

    /// <summary>
    /// What the run needs from the accounts' contact history, from their summaries (one row per account): whether the right
    /// party was ever reached and the attempts from <paramref name="since"/> in time order. An account whose summary no
    /// longer keeps every attempt from <paramref name="since"/> (a run of a date well before its latest attempt) is read
    /// from the attempts themselves; an account with no summary has no attempt. The context's connection must be open.
    /// </summary>
    internal static async Task<Dictionary<Guid, AccountHistory>> ReadHistoriesAsync(OutreachDbContext reads, Guid tenantId, Guid[] accountIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var histories = new Dictionary<Guid, AccountHistory>(accountIds.Length);
        var older = new List<Guid>();
        await using (var command = ((NpgsqlConnection)reads.Database.GetDbConnection()).CreateCommand())
        {
            command.CommandText = """SELECT "AccountId", "LastRightPartyContactAt" IS NOT NULL, "KeptFrom", "Recent"::text FROM contact_summaries WHERE "TenantId" = $1 AND "AccountId" = ANY($2)""";
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = accountIds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var accountId = reader.GetGuid(0);
                if (reader.GetFieldValue<DateTimeOffset>(2) > since)
                {
                    older.Add(accountId);
                    continue;
                }

                histories[accountId] = new AccountHistory(reader.GetBoolean(1), Window(reader.GetString(3), since));
            }
        }

        if (older.Count > 0)
        {
            foreach (var (accountId, history) in await ReadHistoriesFromAttemptsAsync(reads, [.. older], since, cancellationToken))
            {
                histories[accountId] = history;
            }
        }

        return histories;
    }

    /// <summary>The same as <see cref="ReadHistoriesAsync"/>, from the attempts: every attempt from <paramref name="since"/> and older right-party ones.</summary>
    internal static async Task<Dictionary<Guid, AccountHistory>> ReadHistoriesFromAttemptsAsync(OutreachDbContext reads, Guid[] accountIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var attempts = await reads.Attempts.AsNoTracking()
            .Where(a => accountIds.Contains(a.AccountId) && (a.At >= since || RightPartyOutcomes.Contains(a.Outcome)))
            .Select(a => new { a.AccountId, a.Channel, a.Outcome, a.At, a.PhoneNumber, a.PhoneNumberType })
            .ToListAsync(cancellationToken);
        return attempts.GroupBy(a => a.AccountId).ToDictionary(
            g => g.Key,
            g => new AccountHistory(
                g.Any(a => RightPartyOutcomes.Contains(a.Outcome)),
                [.. g.Where(a => a.At >= since).OrderBy(a => a.At)
                    .Select(a => new ContactAttempt(a.Channel, a.At, a.Outcome, a.PhoneNumber is null ? null : new PhoneNumber(a.PhoneNumber, a.PhoneNumberType ?? PhoneNumberType.Landline)))]));
    }

    /// <summary>The attempts of a summary's <c>Recent</c> from <paramref name="since"/>; they are stored in time order.</summary>
    private static ContactAttempt[] Window(string recent, DateTimeOffset since)
    {
        using var json = JsonDocument.Parse(recent);
        var window = new List<ContactAttempt>(json.RootElement.GetArrayLength());
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            var at = entry.GetProperty("a").GetDateTimeOffset().ToUniversalTime();
            if (at < since)
            {
                continue;
            }

            var number = entry.GetProperty("n").GetString();
            var type = entry.GetProperty("t").GetString();
            window.Add(new ContactAttempt(
                Enum.Parse<ContactChannel>(entry.GetProperty("c").GetString()!),
                at,
                Enum.Parse<ContactOutcome>(entry.GetProperty("o").GetString()!),
                number is null ? null : new PhoneNumber(number, type is null ? PhoneNumberType.Landline : Enum.Parse<PhoneNumberType>(type))));
        }

        return [.. window];
    }

    /// <summary>Whether the ids ascend as PostgreSQL orders uuids (their bytes in big-endian order).</summary>
    private static bool InIdOrder(Guid[] ids)
    {
        Span<byte> previous = stackalloc byte[16];
        Span<byte> current = stackalloc byte[16];
        for (var i = 1; i < ids.Length; i++)
        {
            ids[i - 1].TryWriteBytes(previous, bigEndian: true, out _);
            ids[i].TryWriteBytes(current, bigEndian: true, out _);
            if (previous.SequenceCompareTo(current) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The consumer's contact points as the stream carried them.</summary>
    private static ConsumerReply FromStream(StrategyAccount account)
    {
        var consumer = new ConsumerReply { ConsumerId = account.ConsumerId, Language = account.Language };
        consumer.Phones.AddRange(account.Phones);
        consumer.Emails.AddRange(account.Emails);
        consumer.TimeZones.AddRange(account.TimeZones);
        return consumer;
    }

    /// <summary>09:00 to 21:00 of the business date in the consumer's first zone (UTC when none is known).</summary>
    internal static (DateTimeOffset From, DateTimeOffset Until) SendWindow(DateOnly businessDate, IReadOnlyList<string> zones)
    {
        var zone = zones.Count == 0 ? null : Zones.GetOrAdd(zones[0], id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null);
        DateTimeOffset At(TimeOnly time)
        {
            var local = businessDate.ToDateTime(time);
            return new DateTimeOffset(local, zone?.GetUtcOffset(local) ?? TimeSpan.Zero).ToUniversalTime();
        }

        return (At(SendFrom), At(SendUntil));
    }

    /// <summary>Stores the actions; returns how many were new, how many of those blocked, and the new queued calls.</summary>
    private async Task<(int Planned, int Blocked, List<PlannedContact> Calls)> InsertAsync(List<PlannedContact> planned, CancellationToken cancellationToken)
    {
        if (planned.Count == 0)
        {
            return (0, 0, []);
        }

        // One statement per batch; a step already stored for the account and date is skipped, not duplicated.
        var parameters = new NpgsqlParameter[]
        {
            new("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = planned.Select(p => p.Id).ToArray() },
            new("tenant", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = planned.Select(p => p.TenantId).ToArray() },
            new("account", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = planned.Select(p => p.AccountId).ToArray() },
            new("consumer", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = planned.Select(p => p.ConsumerId).ToArray() },
            new("date", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = planned.Select(p => p.BusinessDate).ToArray() },
            new("step", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.StepKey).ToArray() },
            new("strategy", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = planned.Select(p => p.StrategyId).ToArray() },
            new("channel", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.Channel.ToString()).ToArray() },
            new("template", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.TemplateKey).ToArray() },
            new("target", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.Target).ToArray() },
            new("target_type", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.TargetType?.ToString()).ToArray() },
            new("language", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.Language).ToArray() },
            new("scheduled", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = planned.Select(p => p.ScheduledAt).ToArray() },
            new("state", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.State.ToString()).ToArray() },
            new("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = planned.Select(p => p.Reasons).ToArray() },
            new("created", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = planned.Select(p => p.CreatedAt).ToArray() },
        };
        var states = await db.Database.SqlQueryRaw<Guid>(
            """
            INSERT INTO planned_contacts ("Id", "TenantId", "AccountId", "ConsumerId", "BusinessDate", "StepKey", "StrategyId", "Channel", "TemplateKey", "Target", "TargetType", "Language", "ScheduledAt", "State", "Reasons", "CreatedAt")
            SELECT * FROM unnest(@id, @tenant, @account, @consumer, @date, @step, @strategy, @channel, @template, @target, @target_type, @language, @scheduled, @state, @reasons, @created)
            ON CONFLICT ("TenantId", "AccountId", "BusinessDate", "StepKey") DO NOTHING
            RETURNING "Id" AS "Value"
            """,
            parameters).ToListAsync(cancellationToken);
        var stored = states.ToHashSet();
        var added = planned.Where(p => stored.Contains(p.Id)).ToList();
        var blocked = added.Count(p => p.State == PlannedContactState.Blocked);
        var calls = added.Where(p => p.State == PlannedContactState.Queued).ToList();
        return (added.Count - blocked, blocked, calls);
    }

    /// <summary>A batch read and decided, waiting to be written: its actions, new assignments, counters and checkpoint.</summary>
    private sealed class PreparedBatch
    {
        public DateTimeOffset Now { get; init; }

        public int AccountsSeen { get; init; }

        public Guid LastAccountId { get; init; }

        public int AccountsHeld { get; set; }

        public List<(StrategyAssignment Assignment, bool Replaces, StrategyAssigned Event)> Assignments { get; } = [];

        public List<PlannedContact> Planned { get; set; } = [];
    }

    /// <summary>An account's contact history as the run reads it.</summary>
    internal sealed record AccountHistory(bool RightPartyContacted, ContactAttempt[] Window)
    {
        public static readonly AccountHistory None = new(false, []);
    }

    private sealed record DueStep(StrategyAccount Account, Guid AccountId, AccountHolds Holds, StrategyAssignment Assignment, int Number, StrategyStep Step);
}
