using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Disputes.Consumers;

/// <summary>Keeps disputes's own copy of a newly placed account, with the details fetched from Accounts over gRPC.</summary>
/// <remarks>
/// It also produces the account's validation notice, sent on the placement day or the configured number of
/// days later (<see cref="DisputesOptions.NoticeSentDaysAfterPlacement"/>), with its validation period.
/// </remarks>
public sealed class AccountPlacedConsumer(
    DisputesDbContext db, AccountsService.AccountsServiceClient accounts, IOptions<DisputesOptions> options, TimeProvider clock) : IConsumer<AccountPlaced>
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
        var account = new DisputableAccount
        {
            AccountId = placed.AccountId,
            TenantId = placed.TenantId,
            ClientId = placed.ClientId,
            ConsumerId = placed.ConsumerId,
            ClientReference = reply.ClientReference,
            OriginalCreditor = reply.OriginalCreditor,
            CurrentCreditor = reply.CurrentCreditor,
            Currency = reply.TotalBalance.CurrencyCode,
            Balance = reply.TotalBalance.ToDecimal(),
            PlacedAt = reply.PlacedAt.ToDateTimeOffset(),
        };
        db.Accounts.Add(account);

        var sentOn = DateOnly.FromDateTime(account.PlacedAt.UtcDateTime).AddDays(options.Value.NoticeSentDaysAfterPlacement);
        db.ValidationNotices.Add(ValidationNotice.ForPlacement(account, sentOn, clock.GetUtcNow()));
    }
}
