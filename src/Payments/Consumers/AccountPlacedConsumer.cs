using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Consumers;

/// <summary>Keeps payments's own copy of a newly placed account, with the details fetched from Accounts over gRPC.</summary>
public sealed class AccountPlacedConsumer(PaymentsDbContext db, AccountsService.AccountsServiceClient accounts) : IConsumer<AccountPlaced>
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
        db.Accounts.Add(new PayableAccount
        {
            AccountId = placed.AccountId,
            TenantId = placed.TenantId,
            ClientId = placed.ClientId,
            ConsumerId = placed.ConsumerId,
            ClientReference = reply.ClientReference,
            Currency = reply.TotalBalance.CurrencyCode,
            Balance = reply.TotalBalance.ToDecimal(),
            PlacedAt = reply.PlacedAt.ToDateTimeOffset(),
        });
    }
}
