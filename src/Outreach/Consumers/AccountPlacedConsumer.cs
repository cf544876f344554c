using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>
/// Keeps outreach's own copy of a newly placed account, with the details fetched from Accounts over gRPC and the
/// segment and score it got at placement (later changes come as <c>AccountSegmented</c>).
/// </summary>
public sealed class AccountPlacedConsumer(OutreachDbContext db, AccountsService.AccountsServiceClient accounts) : IConsumer<AccountPlaced>
{
    public async Task Consume(ConsumeContext<AccountPlaced> context)
    {
        var placed = context.Message;
        if (await db.Accounts.AnyAsync(a => a.AccountId == placed.AccountId, context.CancellationToken))
        {
            return;
        }

        var reply = await accounts.GetAccountAsync(
            new GetAccountRequest { AccountId = placed.AccountId.ToString() }, cancellationToken: context.CancellationToken);
        db.Accounts.Add(new ContactableAccount
        {
            AccountId = placed.AccountId,
            TenantId = placed.TenantId,
            ClientId = placed.ClientId,
            ConsumerId = placed.ConsumerId,
            ConsumerName = reply.ConsumerName,
            Jurisdiction = reply.Jurisdiction,
            Status = reply.Status,
            PlacedAt = reply.PlacedAt.ToDateTimeOffset(),
            Balance = placed.PlacedBalance,
            Currency = placed.Currency,
            Segment = placed.Segment,
            Score = placed.Score is { } score ? Math.Clamp(score, 0, 1000) : null,
        });
    }
}
