using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Infrastructure;

/// <summary>
/// Serializes the changes to one account's promises (payments, reversals, the sweeper) so none is lost and a
/// promise is never both kept and broken. Needs an open transaction; the lock lasts until it ends.
/// </summary>
internal static class PromiseLocks
{
    public static Task LockPromisesAsync(this OutreachDbContext db, Guid accountId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"promises:" + accountId}, 0))", cancellationToken);
}
