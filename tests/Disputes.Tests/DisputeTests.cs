using Collections.Disputes.Domain;
using Microsoft.Extensions.Hosting;

namespace Collections.Disputes.Tests;

public sealed class DisputeTests
{
    private static readonly Actor Consumer = new("consumer-1", "consumer");
    private static readonly DisputableAccount Account = new() { AccountId = Guid.NewGuid(), TenantId = Guid.NewGuid(), Currency = "USD" };
    private static readonly ValidationPeriod Period = ValidationPeriod.From(new DateOnly(2026, 3, 4)); // ends 2026-04-10

    [Fact]
    public void A_dispute_on_the_last_day_of_the_period_holds_collection_whatever_the_policy()
    {
        var (dispute, _) = Dispute.Open(Account, "not-mine", "portal", null, Period, holdAfterValidationPeriod: false, Consumer, At(2026, 4, 10));

        Assert.True(dispute.WithinValidationPeriod);
        Assert.True(dispute.HoldsCollection);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_dispute_after_the_period_holds_collection_only_when_the_policy_says_so(bool policy)
    {
        var (dispute, _) = Dispute.Open(Account, "not-mine", "portal", null, Period, policy, Consumer, At(2026, 4, 11));

        Assert.False(dispute.WithinValidationPeriod);
        Assert.Equal(policy, dispute.HoldsCollection);
    }

    [Fact]
    public void A_dispute_before_any_notice_was_sent_counts_as_within_the_period()
    {
        var (dispute, _) = Dispute.Open(Account, "other", "mail", null, period: null, holdAfterValidationPeriod: false, Consumer, At(2026, 4, 11));

        Assert.True(dispute.HoldsCollection);
    }

    [Fact]
    public void Verification_cannot_be_sent_twice()
    {
        var (dispute, _) = Dispute.Open(Account, "other", "mail", null, Period, true, Consumer, At(2026, 3, 5));
        dispute.SendVerification(Consumer, At(2026, 3, 6));

        var refused = Assert.Throws<BusinessRuleException>(() => dispute.SendVerification(Consumer, At(2026, 3, 7)));

        Assert.Equal(RuleViolationKind.Conflict, refused.Kind);
    }

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);
}
