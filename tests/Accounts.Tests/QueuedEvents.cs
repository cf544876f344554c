using System.Text.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Tests;

/// <summary>The events of type <typeparamref name="T"/> waiting in a tenant's outbox, in the order they are published.</summary>
internal static class QueuedEvents<T>
    where T : IntegrationEvent
{
    public static async Task<List<T>> OfAsync(DbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var bodies = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType == typeof(T).FullName)
            .OrderBy(m => m.Sequence)
            .Select(m => m.Body)
            .ToListAsync(cancellationToken);
        return [.. bodies.Select(b => JsonSerializer.Deserialize<T>(b, JsonSerializerOptions.Web)!)];
    }
}
