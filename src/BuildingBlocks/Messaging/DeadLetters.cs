using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>The result of a replay or discard of one dead letter.</summary>
public enum DeadLetterOutcome
{
    Done,
    NotFound,
    NotPending,
}

/// <summary>
/// Replays and discards a tenant's dead letters. Each action locks the letter's row for its whole step, so two
/// replays of one letter send it once: the second finds it no longer pending. A replay sends the recorded
/// message (same body, headers and message id) to its queue; should the consumer already have processed that
/// id, its inbox acknowledges the copy without running it again.
/// </summary>
public sealed class DeadLetters(InboxDbContext inbox, ErrorQueues errorQueues, TimeProvider clock, ILogger<DeadLetters> logger)
{
    private DbContext Db => inbox.Context;

    /// <summary>The tenant's dead letters with <paramref name="status"/>, oldest first.</summary>
    public Task<List<DeadLetter>> ListAsync(Guid tenantId, string status, string? messageType, int limit, CancellationToken cancellationToken) =>
        Db.Set<DeadLetter>().AsNoTracking()
            .Where(l => l.TenantId == tenantId && l.Status == status && (messageType == null || l.MessageType == messageType))
            .OrderBy(l => l.FirstFailedAt).ThenBy(l => l.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task<DeadLetter?> FindAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        Db.Set<DeadLetter>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == id && l.TenantId == tenantId, cancellationToken);

    /// <summary>Sends the letter back to its queue and takes its copy out of the error queue.</summary>
    public Task<(DeadLetterOutcome Outcome, DeadLetter? Letter)> ReplayAsync(Guid tenantId, Guid id, string by, CancellationToken cancellationToken) =>
        ActAsync(tenantId, id, async letter =>
        {
            // Out of the error queue first: if the replayed message fails again at once, its new error copy stays.
            await errorQueues.RemoveAsync(letter.Queue, letter.MessageId, cancellationToken);
            await errorQueues.SendToQueueAsync(letter, cancellationToken);
            letter.MarkReplayed(clock.GetUtcNow(), by);
            logger.LogInformation("Dead letter {DeadLetterId} (message {MessageId}, {MessageType}) replayed to {Queue} by {By}", letter.Id, letter.MessageId, letter.MessageType, letter.Queue, by);
        }, cancellationToken);

    /// <summary>Replays every pending letter of <paramref name="messageType"/>, oldest first; returns how many were sent.</summary>
    public async Task<int> ReplayAllAsync(Guid tenantId, string messageType, string by, int limit, CancellationToken cancellationToken)
    {
        var ids = await Db.Set<DeadLetter>().AsNoTracking()
            .Where(l => l.TenantId == tenantId && l.Status == DeadLetterStatus.Pending && l.MessageType == messageType)
            .OrderBy(l => l.FirstFailedAt).ThenBy(l => l.Id)
            .Select(l => l.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var replayed = 0;
        foreach (var id in ids)
        {
            if ((await ReplayAsync(tenantId, id, by, cancellationToken)).Outcome == DeadLetterOutcome.Done)
            {
                replayed++;
            }
        }

        return replayed;
    }

    /// <summary>Gives up on the letter: takes it out of the error queue and keeps the row with who and why.</summary>
    public Task<(DeadLetterOutcome Outcome, DeadLetter? Letter)> DiscardAsync(Guid tenantId, Guid id, string by, string reason, CancellationToken cancellationToken) =>
        ActAsync(tenantId, id, async letter =>
        {
            await errorQueues.RemoveAsync(letter.Queue, letter.MessageId, cancellationToken);
            letter.MarkDiscarded(clock.GetUtcNow(), by, reason);
            logger.LogWarning("Dead letter {DeadLetterId} (message {MessageId}, {MessageType}) discarded by {By}: {Reason}", letter.Id, letter.MessageId, letter.MessageType, by, reason);
        }, cancellationToken);

    private async Task<(DeadLetterOutcome, DeadLetter?)> ActAsync(Guid tenantId, Guid id, Func<DeadLetter, Task> action, CancellationToken cancellationToken)
    {
        Db.ChangeTracker.Clear();
        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        var letter = await Db.Set<DeadLetter>()
            .FromSqlRaw($"SELECT * FROM {MessagingModel.DeadLetterTable} WHERE id = {{0}} AND tenant_id = {{1}} FOR UPDATE", id, tenantId)
            .SingleOrDefaultAsync(cancellationToken);
        if (letter is null)
        {
            return (DeadLetterOutcome.NotFound, null);
        }

        if (letter.Status != DeadLetterStatus.Pending)
        {
            return (DeadLetterOutcome.NotPending, letter);
        }

        await action(letter);

        // The message is on its way: the record of that must not be lost to a cancelled request.
        await Db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return (DeadLetterOutcome.Done, letter);
    }
}
