using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;

namespace Collections.Accounts.Consumers;

/// <summary>A conversation with the consumer about the debt is an input of the propensity-to-pay score.</summary>
public sealed class RightPartyContactedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<RightPartyContactedConsumer> logger) : IConsumer<RightPartyContacted>
{
    public async Task Consume(ConsumeContext<RightPartyContacted> context)
    {
        var contacted = context.Message;
        var account = await db.AccountToChangeAsync(contacted.AccountId, context.CancellationToken);
        if (account is null)
        {
            logger.LogWarning("Right-party contact {AttemptId} names account {AccountId}, which this tenant does not have", contacted.AttemptId, contacted.AccountId);
            return;
        }

        if (account.RecordRightPartyContact(contacted.ContactedAt.ToUniversalTime()))
        {
            await db.ResegmentAsync(account, ChangeContexts.By(contacted, clock, $"right-party-contact:{contacted.AttemptId}"), context.CancellationToken);
            db.AddAccountChangeEvents(account);
        }
    }
}
