using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Collections.Outreach.Strategies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Outreach.Tests;

/// <summary>
/// The per-account contact summary the daily strategy run reads instead of the attempts: kept by the database as attempts
/// are recorded, and giving the run the same history, so the engine the same verdicts, as the attempts themselves.
/// </summary>
public sealed class ContactSummaryTests(StrategyServiceFactory service) : IClassFixture<StrategyServiceFactory>
{
    private static readonly DateTimeOffset Since = StrategyRunTests.Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - ContactDesk.HistoryWindow;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<T> InTenantAsync<T>(Guid tenantId, Func<OutreachDbContext, Task<T>> query)
    {
        await using var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await query(scope.ServiceProvider.GetRequiredService<OutreachDbContext>());
    }

    private Task RecordAsync(Guid tenantId, params RecordedContact[] attempts) => InTenantAsync(tenantId, db =>
    {
        db.Attempts.AddRange(attempts);
        return db.SaveChangesAsync(Cancel);
    });

    private static RecordedContact Attempt(Guid tenantId, Guid accountId, ContactChannel channel, ContactOutcome outcome, DateTimeOffset at, string? number = "+12125550100", PhoneNumberType? type = PhoneNumberType.Mobile) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, AccountId = accountId, Channel = channel, Outcome = outcome, At = at,
        PhoneNumber = channel is ContactChannel.Call or ContactChannel.Sms or ContactChannel.Voicemail ? number : null,
        PhoneNumberType = channel is ContactChannel.Call or ContactChannel.Sms or ContactChannel.Voicemail ? type : null,
        EmailAddress = channel == ContactChannel.Email ? "ann@example.com" : null, RecordedBy = "agent",
    };

    private static (bool, ContactAttempt[]) Comparable(Dictionary<Guid, DailyStrategyRun.AccountHistory> histories, Guid accountId)
    {
        var history = histories.GetValueOrDefault(accountId, DailyStrategyRun.AccountHistory.None);
        return (history.RightPartyContacted, [.. history.Window.OrderBy(a => a.At).ThenBy(a => a.Channel).ThenBy(a => a.Outcome).ThenBy(a => a.Phone?.Number).ThenBy(a => a.Phone?.Type)]);
    }

    [Fact]
    public async Task Recording_attempts_keeps_the_last_right_party_contact_and_the_attempts_of_the_last_35_days_in_time_order()
    {
        var tenantId = Guid.NewGuid();
        var accountId = Guid.NewGuid();
        var latest = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
        var conversation = Attempt(tenantId, accountId, ContactChannel.Call, ContactOutcome.PromiseToPay, latest.AddDays(-60));
        var old = Attempt(tenantId, accountId, ContactChannel.Letter, ContactOutcome.Sent, latest.AddDays(-36));
        var kept = Attempt(tenantId, accountId, ContactChannel.Email, ContactOutcome.Sent, latest.AddDays(-35));
        var text = Attempt(tenantId, accountId, ContactChannel.Sms, ContactOutcome.Sent, latest.AddDays(-3));
        var call = Attempt(tenantId, accountId, ContactChannel.Call, ContactOutcome.NoAnswer, latest, type: null);

        // Out of time order, one at a time and several in one save.
        await RecordAsync(tenantId, text);
        await RecordAsync(tenantId, conversation, call);
        await RecordAsync(tenantId, old, kept);

        var summary = await InTenantAsync(tenantId, db => db.ContactSummaries.AsNoTracking().SingleAsync(s => s.AccountId == accountId, Cancel));
        Assert.Equal(conversation.At, summary.LastRightPartyContactAt);
        Assert.Equal(latest - ContactSummaries.Kept, summary.KeptFrom);
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(summary.Recent).RootElement.GetArrayLength());
        var history = await InTenantAsync(tenantId, async db =>
        {
            await db.Database.OpenConnectionAsync(Cancel);
            return await DailyStrategyRun.ReadHistoriesAsync(db, tenantId, [accountId], latest - ContactSummaries.Kept, Cancel);
        });
        Assert.True(history[accountId].RightPartyContacted);
        Assert.Equal(
            [new ContactAttempt(ContactChannel.Email, kept.At, ContactOutcome.Sent), new ContactAttempt(ContactChannel.Sms, text.At, ContactOutcome.Sent, new PhoneNumber("+12125550100", PhoneNumberType.Mobile)), new ContactAttempt(ContactChannel.Call, call.At, ContactOutcome.NoAnswer, new PhoneNumber("+12125550100", PhoneNumberType.Landline))],
            history[accountId].Window);
        Assert.Empty(await InTenantAsync(Guid.NewGuid(), db => db.ContactSummaries.Where(s => s.AccountId == accountId).ToListAsync(Cancel)));
    }

    [Fact]
    public async Task Attempts_recorded_at_once_in_separate_transactions_are_all_in_the_summary()
    {
        var tenantId = Guid.NewGuid();
        var accountId = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
        await RecordAsync(tenantId, Attempt(tenantId, accountId, ContactChannel.Letter, ContactOutcome.Sent, at.AddDays(-1)));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => RecordAsync(tenantId, Attempt(tenantId, accountId, ContactChannel.Call, ContactOutcome.NoAnswer, at.AddMinutes(i))), Cancel)));

        var history = await InTenantAsync(tenantId, async db =>
        {
            await db.Database.OpenConnectionAsync(Cancel);
            return await DailyStrategyRun.ReadHistoriesAsync(db, tenantId, [accountId], at.AddDays(-2), Cancel);
        });
        Assert.Equal(9, history[accountId].Window.Length);
        Assert.Equal(history[accountId].Window.OrderBy(a => a.At), history[accountId].Window);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(120)]
    public async Task The_run_reads_the_same_history_from_summaries_as_from_attempts_and_the_engine_gives_the_same_verdicts(int daysBeforeTheWindow)
    {
        // daysBeforeTheWindow 120: a run of a date long before the latest attempts, which the summaries no longer cover.
        var tenantId = Guid.NewGuid();
        var random = new Random(20261125 + daysBeforeTheWindow);
        var accounts = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var end = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
        ContactChannel[] channels = [ContactChannel.Call, ContactChannel.Call, ContactChannel.Sms, ContactChannel.Email, ContactChannel.Letter, ContactChannel.Voicemail];
        var outcomes = Enum.GetValues<ContactOutcome>();
        var attempts = accounts.SelectMany(accountId => Enumerable.Range(0, random.Next(0, 16)).Select(_ => Attempt(
                tenantId, accountId, channels[random.Next(channels.Length)], outcomes[random.Next(outcomes.Length)], end.AddMinutes(-random.Next(0, 100 * 24 * 60)),
                random.Next(4) == 0 ? "+16175550123" : "+12125550100", random.Next(5) == 0 ? null : PhoneNumberType.Mobile)))
            .OrderBy(_ => random.Next())
            .ToList();
        foreach (var chunk in attempts.Chunk(25))
        {
            await RecordAsync(tenantId, chunk);
        }

        var since = Since.AddDays(-daysBeforeTheWindow);
        var (fromSummaries, fromAttempts) = await InTenantAsync(tenantId, async db =>
        {
            await db.Database.OpenConnectionAsync(Cancel);
            return (await DailyStrategyRun.ReadHistoriesAsync(db, tenantId, accounts, since, Cancel), await DailyStrategyRun.ReadHistoriesFromAttemptsAsync(db, accounts, since, Cancel));
        });

        var policy = new ContactPolicy();
        var decisions = 0;
        foreach (var accountId in accounts)
        {
            var (rightParty, window) = Comparable(fromSummaries, accountId);
            var (expectedRightParty, expectedWindow) = Comparable(fromAttempts, accountId);
            Assert.Equal(expectedRightParty, rightParty);
            Assert.Equal(expectedWindow, window);

            foreach (var channel in new[] { ContactChannel.Call, ContactChannel.Sms, ContactChannel.Email, ContactChannel.Letter })
            {
                var target = channel switch
                {
                    ContactChannel.Email => new ContactTarget("ann@example.com", null),
                    ContactChannel.Letter => null,
                    _ => new ContactTarget("+12125550100", PhoneNumberType.Mobile),
                };
                foreach (var hour in new[] { 12, 14, 20, 23 })
                {
                    var at = new DateTimeOffset(2026, 12, 2, hour, 0, 0, TimeSpan.Zero);
                    ContactDecision Decide(ContactAttempt[] history) =>
                        policy.Decide(ContactTargets.Request(channel, target, at), ContactDesk.ContextFor("MA", AccountHolds.None, ["America/New_York"], null, history, channel));
                    var expected = Decide(fromAttempts.GetValueOrDefault(accountId, DailyStrategyRun.AccountHistory.None).Window);
                    var actual = Decide(fromSummaries.GetValueOrDefault(accountId, DailyStrategyRun.AccountHistory.None).Window);
                    Assert.Equal(expected.IsAllowed, actual.IsAllowed);
                    Assert.Equal(expected.Reasons.Select(r => r.Code), actual.Reasons.Select(r => r.Code));
                    Assert.Equal(expected.EarliestAllowedAt, actual.EarliestAllowedAt);
                    var withoutHistory = Decide([]);
                    decisions += withoutHistory.IsAllowed != expected.IsAllowed || !withoutHistory.Reasons.Select(r => r.Code).SequenceEqual(expected.Reasons.Select(r => r.Code)) ? 1 : 0;
                }
            }
        }

        // The history changes some verdicts, so the comparison is not of histories the engine ignores.
        Assert.True(decisions > 0);
        Assert.Contains(accounts, a => fromAttempts.GetValueOrDefault(a, DailyStrategyRun.AccountHistory.None).Window.Length > 0);
        Assert.Contains(accounts, a => fromAttempts.GetValueOrDefault(a, DailyStrategyRun.AccountHistory.None).RightPartyContacted);
    }
}
