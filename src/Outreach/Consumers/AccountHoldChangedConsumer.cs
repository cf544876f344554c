using Collections.Contracts.Events;
using Collections.Outreach.Compliance;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>Keeps the account's holds as Accounts last reported them; the compliance engine blocks contact while one stands.</summary>
public sealed class AccountHoldChangedConsumer(OutreachDbContext db) : IConsumer<AccountHoldChanged>
{
    public async Task Consume(ConsumeContext<AccountHoldChanged> context)
    {
        var changed = context.Message;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == changed.AccountId, context.CancellationToken);
        if (account is null)
        {
            // The placement has not arrived yet: fail so the retry finds it, rather than lose the hold.
            throw new InvalidOperationException($"Account {changed.AccountId} is not known to outreach yet.");
        }

        var recalled = account.Holds & AccountHolds.Recalled;
        account.Holds = recalled | changed.Holds.Aggregate(AccountHolds.None, (all, hold) => all | HoldNames.Parse(hold));
    }
}

/// <summary>The hold names the events use.</summary>
internal static class HoldNames
{
    public static AccountHolds Parse(string hold) => hold switch
    {
        "dispute" => AccountHolds.Dispute,
        "cease-communication" => AccountHolds.CeaseCommunication,
        "attorney-representation" => AccountHolds.AttorneyRepresentation,
        "bankruptcy" => AccountHolds.Bankruptcy,
        "deceased" => AccountHolds.Deceased,
        "recalled" => AccountHolds.Recalled,
        _ => AccountHolds.None,
    };
}
