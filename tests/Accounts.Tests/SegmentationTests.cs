using Collections.Accounts.Domain;

namespace Collections.Accounts.Tests;

public sealed class SegmentationTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly SegmentationSettings Defaults = SegmentationSettings.Default;

    [Fact]
    public void A_young_small_debt_never_paid_without_a_phone_scores_its_age_and_balance_off_the_base()
    {
        // 500 − 40 × 150/365 − 10 × 0.10675 = 482.49…
        var assignment = AccountSegmentation.Assign(Inputs(ageDays: 150, balance: 106.75m), Defaults);

        Assert.Equal(("early-low-never-paid-no-phone", 482), (assignment.Segment, assignment.Score));
    }

    [Fact]
    public void Every_positive_feature_adds_its_weight()
    {
        // 500 + 200 + 100 − 40 × 2 − 10 × 3 + 80 + 40 + 30 + 50 = 890
        var inputs = Inputs(ageDays: 730, balance: 3000m, paidDaysAgo: 30, consentedMobile: true, phone: true, consentedEmail: true, contactedDaysAgo: 10);

        var assignment = AccountSegmentation.Assign(inputs, Defaults);

        Assert.Equal(("mid-high-paid-recently-contactable", 890), (assignment.Segment, assignment.Score));
    }

    [Fact]
    public void The_score_is_clamped_at_zero_and_age_and_balance_are_capped()
    {
        // 500 + 100 − 40 × 10 − 10 × 50 + 40 − 300 − 150 = −710
        var inputs = Inputs(ageDays: 4000, balance: 60_000m, paidDaysAgo: 200, phone: true, held: true, timeBarred: true);

        var assignment = AccountSegmentation.Assign(inputs, Defaults);

        Assert.Equal(("late-high-paid-before-held", 0), (assignment.Segment, assignment.Score));
        Assert.Equal((10m, 50m), (assignment.Features.YearsOfDebtAge, assignment.Features.ThousandsOfBalance));
    }

    [Fact]
    public void The_score_is_clamped_at_one_thousand()
    {
        var generous = Defaults with { Weights = new ScoreWeights(Base: 900m) };

        Assert.Equal(1000, AccountSegmentation.Assign(Inputs(ageDays: 0, balance: 0m, paidDaysAgo: 1, consentedMobile: true, phone: true), generous).Score);
    }

    [Fact]
    public void A_half_point_rounds_away_from_zero()
    {
        var onlyBalance = Defaults with { Weights = new ScoreWeights(0m, 0m, 0m, 0m, 1m, 0m, 0m, 0m, 0m, 0m, 0m) };

        Assert.Equal(3, AccountSegmentation.Assign(Inputs(ageDays: 0, balance: 2500m), onlyBalance).Score);
    }

    [Fact]
    public void The_tenants_weights_replace_the_defaults()
    {
        var tenant = Defaults with { Weights = new ScoreWeights(Base: 300m, PerYearOfDebtAge: 0m, PerThousandOfBalance: 0m, AnyPhone: 100m) };

        Assert.Equal(400, AccountSegmentation.Assign(Inputs(ageDays: 400, balance: 900m, phone: true), tenant).Score);
    }

    [Theory]
    [InlineData(0, "early")]
    [InlineData(180, "early")]
    [InlineData(181, "mid")]
    [InlineData(730, "mid")]
    [InlineData(731, "late")]
    [InlineData(-5, "early")]
    public void The_age_band_follows_the_day_limits(int ageDays, string band) =>
        Assert.Equal(band, AccountSegmentation.AgeBand(Inputs(ageDays, 0m), Defaults));

    [Theory]
    [InlineData("0", "low")]
    [InlineData("500.00", "low")]
    [InlineData("500.01", "medium")]
    [InlineData("2500.00", "medium")]
    [InlineData("2500.01", "high")]
    public void The_balance_band_follows_the_amount_limits(string balance, string band) =>
        Assert.Equal(band, AccountSegmentation.BalanceBand(decimal.Parse(balance, System.Globalization.CultureInfo.InvariantCulture), Defaults));

    [Fact]
    public void The_band_limits_are_the_tenants()
    {
        var tenant = Defaults with { EarlyMaxDays = 30, MidMaxDays = 60, LowMaxBalance = 100m, MediumMaxBalance = 200m };

        Assert.Equal("mid-high-never-paid-no-phone", AccountSegmentation.Assign(Inputs(ageDays: 45, balance: 250m), tenant).Segment);
    }

    [Theory]
    [InlineData(null, "never-paid")]
    [InlineData(0, "paid-recently")]
    [InlineData(90, "paid-recently")]
    [InlineData(91, "paid-before")]
    public void Payment_history_is_never_recent_or_before(int? paidDaysAgo, string history) =>
        Assert.Equal(history, AccountSegmentation.PaymentHistory(Inputs(0, 0m, paidDaysAgo), Defaults));

    [Theory]
    [InlineData(true, true, true, true, "held")]
    [InlineData(false, true, true, true, "contactable")]
    [InlineData(false, false, true, true, "mobile-no-consent")]
    [InlineData(false, false, false, true, "landline-only")]
    [InlineData(false, false, false, false, "no-phone")]
    public void Contactability_puts_holds_first_then_a_consented_mobile_then_any_mobile(bool held, bool consentedMobile, bool mobile, bool phone, string contactability) =>
        Assert.Equal(contactability, AccountSegmentation.Contactability(Inputs(0, 0m, held: held, consentedMobile: consentedMobile, mobile: mobile, phone: phone)));

    [Fact]
    public void A_right_party_contact_counts_only_within_the_recent_window()
    {
        var recent = AccountSegmentation.Features(Inputs(0, 0m, contactedDaysAgo: 30), Defaults);
        var old = AccountSegmentation.Features(Inputs(0, 0m, contactedDaysAgo: 31), Defaults);

        Assert.Equal((1m, 0m), (recent.RecentRightPartyContact, old.RecentRightPartyContact));
    }

    [Fact]
    public void Settings_with_crossed_limits_or_extreme_weights_are_refused()
    {
        var crossed = Defaults with { EarlyMaxDays = 800 };
        var extreme = Defaults with { Weights = new ScoreWeights(Held: -5000m) };

        Assert.Contains(nameof(SegmentationSettings.MidMaxDays), crossed.Problems().Keys);
        Assert.Contains(nameof(SegmentationSettings.Weights), extreme.Problems().Keys);
        Assert.Empty(Defaults.Problems());
    }

    private static SegmentationInputs Inputs(
        int ageDays, decimal balance, int? paidDaysAgo = null, bool held = false, bool consentedMobile = false, bool phone = false,
        bool consentedEmail = false, bool timeBarred = false, int? contactedDaysAgo = null, bool mobile = false) => new(
        Today,
        Today.AddDays(-ageDays),
        balance,
        paidDaysAgo is { } paid ? Today.AddDays(-paid) : null,
        held,
        consentedMobile,
        phone,
        consentedEmail,
        timeBarred,
        contactedDaysAgo is { } contacted ? Today.AddDays(-contacted) : null,
        mobile || consentedMobile);
}
