using System.Threading.Channels;
using Collections.Accounts.Domain;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Collections.Accounts.Infrastructure;

/// <summary>One row of a placement as read from the file: the facts to place, or why the row cannot be placed.</summary>
/// <param name="RowNumber">1 for the first account of the file or array.</param>
/// <param name="ClientReference">The row's client reference, trimmed, when it has one; a reference seen twice in one placement is refused the second time.</param>
/// <param name="Details">The validated facts, or null when the row is invalid.</param>
/// <param name="Rejection">Why the row is invalid, or null.</param>
public sealed record PlacementRow(long RowNumber, string? ClientReference, PlacementDetails? Details, string? Rejection)
{
    public static PlacementRow Valid(long rowNumber, PlacementDetails details) => new(rowNumber, details.ClientReference, details, null);

    public static PlacementRow Invalid(long rowNumber, string? clientReference, string rejection) => new(rowNumber, clientReference, null, rejection);
}

/// <summary>The placement was marked interrupted (<see cref="StalledPlacementSweeper"/>) while it was still being imported; the batch in hand was not placed.</summary>
public sealed class PlacementInterruptedException() : Exception("The placement was marked interrupted after a long pause; the rows committed before stay placed.");

/// <summary>A placement's body cannot be read any further (broken CSV or JSON); the rows committed before stay placed.</summary>
public sealed class PlacementBodyException(string message) : Exception(message);

/// <summary>
/// Places a stream of rows as one <see cref="Placement"/>, in batches. Each batch is one transaction
/// holding its new consumers, accounts, AccountPlaced outbox rows, rejects and the placement's
/// counters, so a crash leaves whole batches and counters that tell what is stored. As a single
/// placement, each new account gets its segment and score (a history entry, carried by its AccountPlaced event)
/// and each consumer whose contact data a row creates or extends a contact-history entry. The rows are
/// decided with the same domain rules as a single placement (<see cref="Account.IsSamePlacementAs"/>,
/// <see cref="Consumer.IsIdentifiedBy"/>, <see cref="Account.Place"/>) against what the database
/// already holds, and written with binary <c>COPY</c>. Reading the next batch overlaps with
/// committing the current one; at most two batches are held in memory.
/// </summary>
public sealed class PlacementImporter(AccountsDbContext db, TenantContext tenant, TimeProvider clock, OutboxSignal signal)
{
    /// <summary>Rows per transaction unless <see cref="BatchSize"/> says otherwise.</summary>
    public const int DefaultBatchSize = 5_000;

    /// <summary>Rows per transaction.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    private const int MaxAttempts = 3;

    // The tenant's segmentation settings, read once per placement.
    private SegmentationSettings? settings;

    /// <summary>Creates the placement and commits it, so it can be read while its rows arrive.</summary>
    public async Task<Placement> StartAsync(Guid clientId, string format, string placedBy, CancellationToken cancellationToken)
    {
        var placement = Placement.Start(tenant.RequiredTenantId, clientId, format, placedBy, clock.GetUtcNow());
        db.Placements.Add(placement);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return placement;
    }

    /// <summary>
    /// Places <paramref name="rows"/> under <paramref name="placement"/> and returns it completed.
    /// When the rows cannot be read to the end (a <see cref="PlacementBodyException"/>, a broken-off
    /// upload) the placement is marked failed and the exception rethrown.
    /// </summary>
    public async Task<Placement> ImportAsync(Placement placement, IAsyncEnumerable<PlacementRow> rows, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        if (placement.TenantId != tenantId)
        {
            throw new CrossTenantWriteException(nameof(Placement));
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await ExecuteAsync(connection, SeenReferencesTable, cancellationToken);

            var batches = Channel.CreateBounded<List<PlacementRow>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reading = ReadBatchesAsync(rows, placement.ClientId, batches.Writer, stopReading.Token);
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    // Once the body is fully read the remaining batches are processed, not received.
                    var status = reading.IsCompleted ? PlacementStatus.Processing : PlacementStatus.Receiving;
                    await CommitWithRetriesAsync(connection, placement, batch, status, cancellationToken);
                }

                await reading;
            }
            catch (Exception ex)
            {
                await stopReading.CancelAsync();
                Exception? readFailure = null;
                try
                {
                    await reading;
                }
                catch (Exception failure)
                {
                    readFailure = failure;
                }

                // A body that broke off is the cause to report, not the channel that carried it.
                var cause = readFailure is not null and not OperationCanceledException ? readFailure : ex;
                await MarkFailedAsync(connection, placement.Id, tenantId, FailureOf(cause));
                if (cause != ex)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
                }

                throw;
            }

            await ExecuteAsync(
                connection,
                """UPDATE placements SET "Status" = 'Completed', "Failure" = NULL, "FinishedAt" = @now, "LastProgressAt" = @now WHERE "Id" = @id AND "TenantId" = @tenant""",
                cancellationToken,
                ("now", clock.GetUtcNow()),
                ("id", placement.Id),
                ("tenant", tenantId));
            await ExecuteAsync(connection, "DROP TABLE IF EXISTS pg_temp.placement_references", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return await db.Placements.AsNoTracking().SingleAsync(p => p.Id == placement.Id, cancellationToken);
    }

    // Client references of rows of this placement that placed no account (rejected, unchanged,
    // conflicting), with their row: a duplicate inside one file is refused even then. It lives in
    // the database session, not in memory, so memory stays flat however large the file; it is
    // transactional, so a batch that rolls back forgets its references too.
    private const string SeenReferencesTable =
        """
        DROP TABLE IF EXISTS pg_temp.placement_references;
        CREATE TEMP TABLE placement_references (reference text PRIMARY KEY, row_number bigint NOT NULL);
        """;

    private async Task ReadBatchesAsync(IAsyncEnumerable<PlacementRow> rows, Guid clientId, ChannelWriter<List<PlacementRow>> writer, CancellationToken cancellationToken)
    {
        // Let the caller start consuming before the first (possibly long) read.
        await Task.Yield();
        try
        {
            var batch = new List<PlacementRow>(BatchSize);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                // Accounts are looked up and placed for the placement's client only.
                batch.Add(row.Details is { } details && details.ClientId != clientId
                    ? PlacementRow.Invalid(row.RowNumber, row.ClientReference, "ClientId: Names another client than the placement's.")
                    : row);
                if (batch.Count == BatchSize)
                {
                    await writer.WriteAsync(batch, cancellationToken);
                    batch = new List<PlacementRow>(BatchSize);
                }
            }

            if (batch.Count > 0)
            {
                await writer.WriteAsync(batch, cancellationToken);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private async Task CommitWithRetriesAsync(NpgsqlConnection connection, Placement placement, List<PlacementRow> batch, PlacementStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitBatchAsync(connection, placement, batch, status, cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected && attempt < MaxAttempts)
            {
                // Another placement committed one of these references first (or held a consumer this
                // batch locks): decide the batch again against what is stored now, so those rows
                // become unchanged or conflicts.
            }
        }
    }

    private async Task CommitBatchAsync(NpgsqlConnection connection, Placement placement, List<PlacementRow> batch, PlacementStatus status, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;

        // To the microsecond PostgreSQL keeps, as a single placement's change context.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        settings ??= await db.SegmentationSettingsAsync(cancellationToken);
        var periods = await db.LimitationPeriodsForAsync([.. batch.Where(r => r.Details is not null).Select(r => r.Details!.Jurisdiction).Distinct()], cancellationToken);

        var earlier = await EarlierRowsOfAsync(connection, batch, cancellationToken);
        var references = batch.Where(r => r.Details is not null && !earlier.ContainsKey(r.RowNumber)).Select(r => r.ClientReference!).ToArray();
        var existing = references.Length == 0
            ? []
            : await db.Accounts.AsNoTracking().Include(a => a.Consumer)
                .Where(a => a.ClientId == placement.ClientId && references.Contains(a.ClientReference))
                .ToDictionaryAsync(a => a.ClientReference, StringComparer.Ordinal, cancellationToken);
        var known = await KnownConsumersAsync(batch.Where(r => r.Details is not null && !earlier.ContainsKey(r.RowNumber) && !existing.ContainsKey(r.ClientReference!)), cancellationToken);

        var consumers = new List<Consumer>();
        var storedConsumersChanged = new HashSet<Consumer>();
        var contactChanges = new List<ConsumerContactChange>();
        var accounts = new List<Account>();
        var history = new List<AccountHistoryEntry>();
        var raised = new List<IntegrationEvent>();
        var rejects = new List<PlacementReject>();
        var notPlaced = new Dictionary<string, long>(StringComparer.Ordinal);
        long unchanged = 0;
        foreach (var row in batch)
        {
            var reference = row.ClientReference is { Length: > 64 } longReference ? longReference[..64] : row.ClientReference;
            if (row.Details is not { } details)
            {
                rejects.Add(PlacementReject.For(tenantId, placement.Id, row.RowNumber, reference, PlacementOutcome.Rejected, row.Rejection!));
            }
            else if (earlier.TryGetValue(row.RowNumber, out var firstRow))
            {
                rejects.Add(PlacementReject.For(tenantId, placement.Id, row.RowNumber, reference, PlacementOutcome.Rejected, $"ClientReference: '{details.ClientReference}' is already on row {firstRow} of this placement."));
            }
            else if (existing.TryGetValue(details.ClientReference, out var account))
            {
                if (account.PlacementId == placement.Id)
                {
                    rejects.Add(PlacementReject.For(tenantId, placement.Id, row.RowNumber, reference, PlacementOutcome.Rejected, $"ClientReference: '{details.ClientReference}' is already on an earlier row of this placement, which placed account {account.Id}."));
                }
                else if (account.IsSamePlacementAs(details))
                {
                    unchanged++;
                }
                else
                {
                    rejects.Add(PlacementReject.For(tenantId, placement.Id, row.RowNumber, reference, PlacementOutcome.Conflict, $"Account {account.Id} was placed under client reference '{account.ClientReference}' with different facts; it was not changed."));
                }
            }
            else
            {
                // As a single placement: the consumer with the contact data the row states, the
                // account with its segment and score, each change in its history and events.
                var context = new ChangeContext(placement.PlacedBy, now, $"placement:{details.ClientReference}");
                var consumer = known.Recognise(details.Consumer);
                if (consumer is null)
                {
                    consumer = Consumer.Register(tenantId, details.Consumer, now);
                    consumers.Add(consumer);
                    known.Add(consumer);
                    if (!consumer.Contact.IsEmpty)
                    {
                        contactChanges.Add(ConsumerContactChange.Of(consumer, ContactData.None, consumer.Contact, context));
                    }
                }
                else if (consumer.AddStatedContact(details.Consumer.Contact, context) is { } contactChange)
                {
                    contactChanges.Add(contactChange);
                    if (!consumers.Contains(consumer))
                    {
                        storedConsumersChanged.Add(consumer);
                    }
                }

                var placed = Account.Place(tenantId, details, consumer, now, placement.Id);
                placed.AssignSegment(AccountSegmentation.Assign(Resegmentation.InputsOf(placed, null, periods, today), settings), context);
                accounts.Add(placed);
                history.AddRange(placed.History);
                raised.AddRange(AccountPlacedEvent.EventsOf(placed));
                continue;
            }

            if (!string.IsNullOrEmpty(row.ClientReference))
            {
                notPlaced.TryAdd(row.ClientReference, row.RowNumber);
            }
        }

        // The events' JSON is written on another thread while the database takes the rows before them.
        var serializing = Task.Run(() => OutboxRowsOf(raised), cancellationToken);
        await RememberNotPlacedAsync(connection, notPlaced, cancellationToken);
        await TableCopy<Consumer>.Of(db).WriteAsync(connection, consumers, cancellationToken);
        await UpdateContactAsync(connection, storedConsumersChanged, cancellationToken);
        await TableCopy<ConsumerContactChange>.Of(db).WriteAsync(connection, contactChanges, cancellationToken);
        await TableCopy<Account>.Of(db).WriteAsync(connection, accounts, cancellationToken);
        await TableCopy<AccountHistoryEntry>.Of(db).WriteAsync(connection, history, cancellationToken);
        var events = await serializing;
        await TableCopy<OutboxMessage>.Of(db).WriteAsync(connection, events, cancellationToken);
        await TableCopy<PlacementReject>.Of(db).WriteAsync(connection, rejects, cancellationToken);
        var counted = await ExecuteAsync(
            connection,
            """
            UPDATE placements SET
                "RowsRead" = "RowsRead" + @read, "Accepted" = "Accepted" + @accepted, "Unchanged" = "Unchanged" + @unchanged,
                "Rejected" = "Rejected" + @rejected, "Conflicts" = "Conflicts" + @conflicts,
                "Status" = @status, "LastProgressAt" = @now
            WHERE "Id" = @id AND "TenantId" = @tenant AND "Status" IN ('Receiving', 'Processing')
            """,
            cancellationToken,
            ("read", (long)batch.Count),
            ("accepted", (long)accounts.Count),
            ("unchanged", unchanged),
            ("rejected", (long)rejects.Count(r => r.Outcome == PlacementOutcome.Rejected)),
            ("conflicts", (long)rejects.Count(r => r.Outcome == PlacementOutcome.Conflict)),
            ("status", status.ToString()),
            ("now", now),
            ("id", placement.Id),
            ("tenant", tenantId));
        if (counted == 0)
        {
            // Taken as interrupted (StalledPlacementSweeper) while this batch waited: its rows are not
            // placed, so the counters keep telling what is stored; the client re-sends the file.
            throw new PlacementInterruptedException();
        }

        await transaction.CommitAsync(cancellationToken);
        if (events.Count > 0)
        {
            signal.Notify();
        }
    }

    /// <summary>The outbox rows of the batch's events, in the order they were raised: each account's AccountPlaced before its other events.</summary>
    private static List<OutboxMessage> OutboxRowsOf(List<IntegrationEvent> events) => [.. events.Select(OutboxMessage.For)];

    /// <summary>Stores the contact data that rows added to consumers stored before this batch (new consumers are copied whole).</summary>
    private async Task UpdateContactAsync(NpgsqlConnection connection, HashSet<Consumer> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(Consumer))!;
        var addresses = entityType.FindComplexProperty(nameof(Consumer.Addresses))!;
        var phones = entityType.FindComplexProperty(nameof(Consumer.Phones))!;
        var emails = entityType.FindComplexProperty(nameof(Consumer.Emails))!;
        var batch = new NpgsqlBatch(connection);
        await using (batch)
        {
            foreach (var consumer in changed)
            {
                var command = new NpgsqlBatchCommand(
                    """
                    UPDATE consumers SET "Addresses" = $1::jsonb, "Phones" = $2::jsonb, "Emails" = $3::jsonb, "Language" = $4, "ContactKeys" = $5
                    WHERE "Id" = $6 AND "TenantId" = $7
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = ModelJson.Write(addresses, consumer.Addresses) });
                command.Parameters.Add(new NpgsqlParameter { Value = ModelJson.Write(phones, consumer.Phones) });
                command.Parameters.Add(new NpgsqlParameter { Value = ModelJson.Write(emails, consumer.Emails) });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)consumer.Language ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter { Value = consumer.ContactKeys });
                command.Parameters.Add(new NpgsqlParameter { Value = consumer.Id });
                command.Parameters.Add(new NpgsqlParameter { Value = consumer.TenantId });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The rows of <paramref name="batch"/> whose client reference came earlier in the placement on a
    /// row that placed no account, with that row. (A reference whose earlier row placed an account is
    /// found with the account: it carries this placement's id.)
    /// </summary>
    private static async Task<Dictionary<long, long>> EarlierRowsOfAsync(NpgsqlConnection connection, List<PlacementRow> batch, CancellationToken cancellationToken)
    {
        var earlier = new Dictionary<long, long>();
        var firstInBatch = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in batch)
        {
            if (string.IsNullOrEmpty(row.ClientReference))
            {
                continue;
            }

            if (firstInBatch.TryGetValue(row.ClientReference, out var first))
            {
                earlier[row.RowNumber] = first;
            }
            else
            {
                firstInBatch[row.ClientReference] = row.RowNumber;
            }
        }

        await using var command = new NpgsqlCommand(
            "SELECT reference, row_number FROM placement_references WHERE reference = ANY(@references)", connection);
        command.Parameters.AddWithValue("references", firstInBatch.Keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            earlier[firstInBatch[reader.GetString(0)]] = reader.GetInt64(1);
        }

        return earlier;
    }

    /// <summary>Keeps the references of rows that placed no account, so a later row with the same reference is refused as a duplicate.</summary>
    private static async Task RememberNotPlacedAsync(NpgsqlConnection connection, Dictionary<string, long> notPlaced, CancellationToken cancellationToken)
    {
        if (notPlaced.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO placement_references (reference, row_number) SELECT * FROM unnest(@references, @rows) ON CONFLICT (reference) DO NOTHING", connection);
        command.Parameters.AddWithValue("references", notPlaced.Keys.ToArray());
        command.Parameters.AddWithValue("rows", notPlaced.Values.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The tenant's consumers that the recognisable consumers of <paramref name="rows"/> could be, as a single placement looks them up.</summary>
    private async Task<KnownConsumers> KnownConsumersAsync(IEnumerable<PlacementRow> rows, CancellationToken cancellationToken)
    {
        var keys = rows.Select(r => r.Details!.Consumer).Where(c => c.CanBeRecognised)
            .Select(c => (DateOfBirth: c.DateOfBirth!.Value, LastName: c.LastName.ToLowerInvariant()))
            .Distinct()
            .ToArray();
        var known = new KnownConsumers();
        if (keys.Length == 0)
        {
            return known;
        }

        var tenantId = tenant.RequiredTenantId;
        var births = keys.Select(k => k.DateOfBirth).ToArray();
        var names = keys.Select(k => k.LastName).ToArray();
        // The ids first, by the expression index; then the consumers through the model, which reads
        // their JSON contact columns (FromSql cannot compose with them). The rows are locked until the
        // batch commits, so contact data a row adds is not lost to a concurrent update (which then gets its 409).
        var ids = new List<Guid>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c."Id" FROM unnest(@births, @names) AS k(date_of_birth, last_name)
            JOIN consumers c ON c."TenantId" = @tenant AND c."DateOfBirth" = k.date_of_birth
                AND lower(c."LastName") = k.last_name AND c."PostalCode" IS NOT NULL
            ORDER BY c."Id"
            FOR UPDATE OF c
            """,
            (NpgsqlConnection)db.Database.GetDbConnection()))
        {
            command.Parameters.AddWithValue("births", births);
            command.Parameters.AddWithValue("names", names);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var candidates = ids.Count == 0
            ? []
            : await db.Consumers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        foreach (var consumer in candidates)
        {
            known.Add(consumer);
        }

        return known;
    }

    private async Task MarkFailedAsync(NpgsqlConnection connection, Guid placementId, Guid tenantId, string failure)
    {
        // The request may be gone: record the failure whatever happened to it.
        if (db.Database.CurrentTransaction is { } open)
        {
            await open.RollbackAsync(CancellationToken.None);
        }

        await ExecuteAsync(
            connection,
            """UPDATE placements SET "Status" = 'Failed', "Failure" = @failure, "FinishedAt" = @now, "LastProgressAt" = @now WHERE "Id" = @id AND "TenantId" = @tenant AND "Status" <> 'Failed'""",
            CancellationToken.None,
            ("failure", failure.Length > 1000 ? failure[..1000] : failure),
            ("now", clock.GetUtcNow()),
            ("id", placementId),
            ("tenant", tenantId));
    }

    private static string FailureOf(Exception ex) => ex switch
    {
        PlacementBodyException body => body.Message,
        OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException
            => "The upload broke off before the whole body arrived; the rows committed before stay placed. Re-send the file: rows already placed count as unchanged.",
        _ => $"The placement stopped on an error ({ex.GetType().Name}); the rows committed before stay placed. Re-send the file: rows already placed count as unchanged.",
    };

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Consumers a row may be, by date of birth and lower-case last name, in id order as a single
    /// placement sees them: those stored, then those this batch registered.
    /// </summary>
    private sealed class KnownConsumers
    {
        private readonly Dictionary<(DateOnly, string), List<Consumer>> byKey = [];

        public void Add(Consumer consumer)
        {
            if (!consumer.CanBeRecognised)
            {
                return;
            }

            var key = (consumer.DateOfBirth!.Value, consumer.LastName.ToLowerInvariant());
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(consumer);
        }

        public Consumer? Recognise(StatedConsumer stated) =>
            stated.CanBeRecognised && byKey.TryGetValue((stated.DateOfBirth!.Value, stated.LastName.ToLowerInvariant()), out var candidates)
                ? candidates.FirstOrDefault(c => c.IsIdentifiedBy(stated))
                : null;
    }
}

/// <summary>The events of a newly placed account; the one shape both placement paths publish.</summary>
internal static class AccountPlacedEvent
{
    /// <summary>
    /// AccountPlaced, carrying the segment and score the account got at placement, then the events of its
    /// other placement-time changes; the initial segment is not published again as AccountSegmented.
    /// </summary>
    public static IEnumerable<IntegrationEvent> EventsOf(Account placed) =>
        AccountChangeEvents.EventsOf(placed).Where(e => e is not AccountSegmented).Prepend(Of(placed));

    public static AccountPlaced Of(Account account) => new()
    {
        TenantId = account.TenantId,
        OccurredAt = account.PlacedAt,
        AccountId = account.Id,
        ClientId = account.ClientId,
        ConsumerId = account.ConsumerId,
        ClientReference = account.ClientReference,
        Jurisdiction = account.Jurisdiction,
        Currency = account.Currency,
        Principal = account.Principal,
        Interest = account.Interest,
        Fees = account.Fees,
        PlacedBalance = account.Balance,
        PlacementId = account.PlacementId,
        DelinquencyDate = account.DelinquencyDate,
        ChargeOffDate = account.ChargeOffDate,
        Segment = account.Segment,
        Score = account.Score,
    };
}
