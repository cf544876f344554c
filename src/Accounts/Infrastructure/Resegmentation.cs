using Collections.Accounts.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Infrastructure;

/// <summary>
/// Recomputes accounts' segments and scores when their inputs change (placement, payments, holds,
/// contacts, contact data). The change reaches the outbox through <see cref="AccountChangeEvents"/>
/// as <c>AccountSegmented</c>, only when the segment or score moved.
/// </summary>
internal static class Resegmentation
{
    /// <summary>The tenant's settings, the defaults until it sets its own.</summary>
    public static async Task<SegmentationSettings> SegmentationSettingsAsync(this AccountsDbContext db, CancellationToken cancellationToken) =>
        (await db.SegmentationPolicies.AsNoTracking().SingleOrDefaultAsync(cancellationToken))?.Settings ?? SegmentationSettings.Default;

    /// <summary>
    /// Recomputes an open account (tracked, holds loaded) as of <paramref name="context"/>'s time.
    /// Postings added or reversed in this unit of work count. Call before <c>AddAccountChangeEvents</c>.
    /// </summary>
    public static async Task ResegmentAsync(this AccountsDbContext db, Account account, ChangeContext context, CancellationToken cancellationToken, SegmentationSettings? settings = null)
    {
        if (!AccountLifecycle.IsOpen(account.Status))
        {
            return;
        }

        settings ??= await db.SegmentationSettingsAsync(cancellationToken);
        if (!db.Entry(account).Reference(a => a.Consumer).IsLoaded && db.Entry(account).State != EntityState.Added)
        {
            await db.Entry(account).Reference(a => a.Consumer).LoadAsync(cancellationToken);
        }

        // Loaded tracked so that postings added or reversed in this unit of work are seen as they are now.
        if (db.Entry(account).State != EntityState.Added)
        {
            await db.PaymentPostings.Where(p => p.AccountId == account.Id).LoadAsync(cancellationToken);
        }

        var lastPosted = db.PaymentPostings.Local
            .Where(p => p.AccountId == account.Id && p.Applied && p.ReversedAt is null)
            .Select(p => (DateOnly?)DateOnly.FromDateTime(p.PostedAt.UtcDateTime))
            .Max();

        var today = DateOnly.FromDateTime(context.At.UtcDateTime);
        var periods = await db.LimitationPeriodsForAsync([account.Jurisdiction], cancellationToken);
        account.AssignSegment(AccountSegmentation.Assign(InputsOf(account, lastPosted, periods, today), settings), context);
    }

    /// <summary>Recomputes every open account of a consumer, e.g. after their contact data changed.</summary>
    public static async Task ResegmentAccountsOfAsync(this AccountsDbContext db, Consumer consumer, ChangeContext context, CancellationToken cancellationToken)
    {
        var settings = await db.SegmentationSettingsAsync(cancellationToken);
        var accounts = await db.Accounts.Include(a => a.Holds).Where(a => a.ConsumerId == consumer.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            await db.ResegmentAsync(account, context, cancellationToken, settings);
            db.AddAccountChangeEvents(account);
        }
    }

    /// <summary>The facts the segment and score are computed from; needs the consumer and holds loaded.</summary>
    internal static SegmentationInputs InputsOf(Account account, DateOnly? lastPosted, LimitationPeriods periods, DateOnly today)
    {
        var timeBarredAt = periods.For(account.Jurisdiction, today)?.TimeBarredAt(account.DelinquencyDate, account.ChargeOffDate, account.LastPaymentDate);
        var lastPaid = (account.LastPaymentDate, lastPosted) switch
        {
            (null, var posted) => posted,
            (var placed, null) => placed,
            (DateOnly placed, DateOnly posted) => placed > posted ? placed : posted,
        };
        var consumer = account.Consumer;
        return new SegmentationInputs(
            today,
            account.ChargeOffDate ?? account.DelinquencyDate ?? DateOnly.FromDateTime(account.PlacedAt.UtcDateTime),
            account.Balance,
            lastPaid,
            account.Holds.Count > 0,
            consumer.Phones.Any(p => p.IsConsentedMobile),
            consumer.Phones.Count > 0,
            consumer.Emails.Any(e => e.Consent),
            timeBarredAt <= today,
            account.LastRightPartyContactAt is { } contacted ? DateOnly.FromDateTime(contacted.UtcDateTime) : null,
            consumer.Phones.Any(p => p.Type == PhoneTypes.Mobile));
    }
}
