using Collections.Contracts.Events;
using Collections.Reporting.Domain;
using Collections.Reporting.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Reporting.Consumers;

/// <summary>Projects a placement into the portfolio. Keyed by account, so a replay of the event changes nothing.</summary>
public sealed class AccountPlacedConsumer(ReportingDbContext db, TimeProvider clock) : IConsumer<AccountPlaced>
{
    public async Task Consume(ConsumeContext<AccountPlaced> context)
    {
        var placed = context.Message;
        if (await db.PlacedAccounts.AnyAsync(a => a.AccountId == placed.AccountId, context.CancellationToken))
        {
            return;
        }

        db.PlacedAccounts.Add(new PlacedAccount
        {
            AccountId = placed.AccountId,
            TenantId = placed.TenantId,
            ClientId = placed.ClientId,
            ConsumerId = placed.ConsumerId,
            Currency = placed.Currency,
            PlacedBalance = placed.PlacedBalance,
            PlacedAt = placed.OccurredAt,
            ProjectedAt = clock.GetUtcNow(),
        });
    }
}
