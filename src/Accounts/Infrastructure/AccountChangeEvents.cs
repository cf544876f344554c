using Collections.Accounts.Domain;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Infrastructure;

/// <summary>Turns the changes an account recorded in this unit of work into integration events, through the outbox.</summary>
internal static class AccountChangeEvents
{
    /// <summary>
    /// Queues one event per recorded status, hold, balance and segment change. Call once, just before the unit
    /// of work is saved; <see cref="Account.History"/> holds only this unit of work's changes, since
    /// write paths never load the stored history.
    /// </summary>
    public static void AddAccountChangeEvents(this AccountsDbContext db, Account account)
    {
        foreach (var integrationEvent in EventsOf(account))
        {
            db.AddIntegrationEvent(integrationEvent);
        }
    }

    /// <summary>The events of the changes <paramref name="account"/> recorded in this unit of work, in order.</summary>
    public static IEnumerable<IntegrationEvent> EventsOf(Account account)
    {
        foreach (var entry in account.History)
        {
            IntegrationEvent? integrationEvent = entry.Change switch
            {
                AccountChange.StatusChanged => new AccountStatusChanged
                {
                    TenantId = account.TenantId,
                    OccurredAt = entry.At,
                    AccountId = account.Id,
                    ClientId = account.ClientId,
                    From = entry.From!,
                    To = entry.To!,
                    Reason = entry.Why,
                },
                AccountChange.HoldPlaced or AccountChange.HoldReleased => new AccountHoldChanged
                {
                    TenantId = account.TenantId,
                    OccurredAt = entry.At,
                    AccountId = account.Id,
                    ClientId = account.ClientId,
                    Hold = entry.To ?? entry.From!,
                    Placed = entry.Change == AccountChange.HoldPlaced,
                    Holds = account.HoldKinds,
                },
                AccountChange.BalanceChanged => new AccountBalanceChanged
                {
                    TenantId = account.TenantId,
                    OccurredAt = entry.At,
                    AccountId = account.Id,
                    ClientId = account.ClientId,
                    Principal = account.Principal,
                    Interest = account.Interest,
                    Fees = account.Fees,
                    Balance = account.Balance,
                    Currency = account.Currency,
                    Cause = entry.Why,
                },
                AccountChange.Segmented => new AccountSegmented
                {
                    TenantId = account.TenantId,
                    OccurredAt = entry.At,
                    AccountId = account.Id,
                    ClientId = account.ClientId,
                    Segment = account.Segment!,
                    Score = account.Score!.Value,
                    Cause = entry.Why,
                },
                _ => null,
            };
            if (integrationEvent is not null)
            {
                yield return integrationEvent;
            }
        }
    }

    /// <summary>The account with its holds, as every change needs it; tracked.</summary>
    public static Task<Account?> AccountToChangeAsync(this AccountsDbContext db, Guid accountId, CancellationToken cancellationToken) =>
        db.Accounts.Include(a => a.Holds).SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);

    /// <summary>The client's payment application order, the default until the client set one.</summary>
    public static async Task<PaymentApplicationOrder> PaymentOrderOfAsync(this AccountsDbContext db, Guid clientId, CancellationToken cancellationToken)
    {
        var terms = await db.ClientTerms.AsNoTracking().SingleOrDefaultAsync(t => t.ClientId == clientId, cancellationToken);
        return terms?.Order ?? PaymentApplicationOrder.Default;
    }

    /// <summary>The limitation periods of <paramref name="jurisdictions"/> and the fallback.</summary>
    public static async Task<LimitationPeriods> LimitationPeriodsForAsync(this AccountsDbContext db, IReadOnlyCollection<string> jurisdictions, CancellationToken cancellationToken) =>
        new(await db.LimitationPeriods.AsNoTracking()
            .Where(p => jurisdictions.Contains(p.Jurisdiction) || p.Jurisdiction == LimitationPeriod.AnyJurisdiction)
            .ToListAsync(cancellationToken));
}

/// <summary>Who made a change: a caller of the API or an event from another service.</summary>
internal static class ChangeContexts
{
    public static ChangeContext By(Caller caller, TimeProvider clock, string why) =>
        new($"{caller.Actor}:{caller.Subject}", Now(clock), why);

    public static ChangeContext By(IntegrationEvent integrationEvent, TimeProvider clock, string why) =>
        new($"event:{integrationEvent.GetType().Name}:{integrationEvent.EventId}", Now(clock), why);

    /// <summary>Now, to the microsecond PostgreSQL keeps, so an answer repeated from the database equals the first one.</summary>
    private static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
