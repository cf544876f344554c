using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Tests;

/// <summary>The events of type <typeparamref name="T"/> waiting in a tenant's outbox, whether one per row or several per row (placements).</summary>
internal static class QueuedEvents<T>
    where T : IntegrationEvent
{
    public static async Task<List<T>> OfAsync(DbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        string single = typeof(T).FullName!, batch = single + OutboxMessage.BatchSuffix;
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && (m.MessageType == single || m.MessageType == batch))
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);
        return [.. rows.SelectMany(r => r.Events()).Select(e => (T)e.Event)];
    }
}
