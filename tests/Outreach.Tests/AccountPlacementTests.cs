using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Outreach.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Tests;

/// <summary>Outreach's copy of a placed account, from <c>AccountPlaced</c>, and its later segment changes from <c>AccountSegmented</c>.</summary>
public sealed class AccountPlacementTests(StrategyServiceFactory service) : IClassFixture<StrategyServiceFactory>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_AccountPlaced_with_the_initial_segment_and_score_gives_the_outreach_account_both()
    {
        var account = Known(Guid.NewGuid());

        await service.PublishAsync(Placed(account, "early-low-never-paid-contactable", 612));

        var stored = await StoredAsync(account, a => a is not null);
        Assert.Equal(("early-low-never-paid-contactable", 612), (stored!.Segment, stored.Score));
        Assert.Equal("Ann Lee", stored.ConsumerName);
        Assert.Equal(1250.00m, stored.Balance);
    }

    [Fact]
    public async Task An_AccountPlaced_without_a_segment_leaves_it_to_a_following_AccountSegmented()
    {
        var account = Known(Guid.NewGuid());

        await service.PublishAsync(Placed(account, null, null));
        var stored = await StoredAsync(account, a => a is not null);
        Assert.Equal((null, null), (stored!.Segment, stored.Score));

        await service.PublishAsync(Segmented(account, "late-high-never-paid-contactable", 250));
        stored = await StoredAsync(account, a => a?.Segment is not null);
        Assert.Equal(("late-high-never-paid-contactable", 250), (stored!.Segment, stored.Score));
    }

    [Fact]
    public async Task A_later_AccountSegmented_replaces_the_segment_and_score_from_placement()
    {
        var account = Known(Guid.NewGuid());
        await service.PublishAsync(Placed(account, "early-low-never-paid-contactable", 612));
        await StoredAsync(account, a => a is not null);

        await service.PublishAsync(Segmented(account, "early-low-paid-recently-contactable", 840));

        var stored = await StoredAsync(account, a => a?.Score == 840);
        Assert.Equal("early-low-paid-recently-contactable", stored!.Segment);
    }

    private TestAccount Known(Guid tenantId)
    {
        var account = StrategyServiceFactory.NewAccount(tenantId, "unused");
        service.Accounts.Put(account);
        return account;
    }

    private static AccountPlaced Placed(TestAccount account, string? segment, int? score) => new()
    {
        TenantId = account.TenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        AccountId = account.AccountId,
        ClientId = account.ClientId,
        ConsumerId = account.ConsumerId,
        ClientReference = "A-" + account.AccountId.ToString()[..8],
        Jurisdiction = account.Jurisdiction,
        Currency = "USD",
        Principal = 1000m,
        Interest = 200m,
        Fees = 50m,
        PlacedBalance = 1250.00m,
        Segment = segment,
        Score = score,
    };

    private static AccountSegmented Segmented(TestAccount account, string segment, int score) => new()
    {
        TenantId = account.TenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        AccountId = account.AccountId,
        ClientId = account.ClientId,
        Segment = segment,
        Score = score,
        Cause = "payment:" + Guid.NewGuid(),
    };

    private Task<ContactableAccount?> StoredAsync(TestAccount account, Func<ContactableAccount?, bool> done) =>
        Eventually.Until(
            () => service.InTenantAsync(account.TenantId, db => db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == account.AccountId, Cancel)),
            done,
            Within,
            "the account in outreach's read model");
}
