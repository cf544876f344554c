using Collections.Outreach.Domain;

namespace Collections.Outreach.Tests.Unit;

public sealed class PromiseToPayTests
{
    [Fact]
    public void A_promise_breaks_at_the_start_of_the_day_after_the_grace_days_in_the_consumers_zone() =>
        Assert.Equal(
            new DateTimeOffset(2026, 12, 3, 5, 0, 0, TimeSpan.Zero),
            PromiseToPay.BreakingPoint(new DateOnly(2026, 11, 30), 2, ["America/New_York"]));

    [Fact]
    public void With_two_zones_the_later_local_midnight_counts() =>
        Assert.Equal(
            new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero),
            PromiseToPay.BreakingPoint(new DateOnly(2026, 11, 30), 2, ["America/New_York", "America/Los_Angeles"]));

    [Fact]
    public void The_breaking_point_follows_a_daylight_saving_change() =>
        Assert.Equal(
            new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero),
            PromiseToPay.BreakingPoint(new DateOnly(2026, 3, 6), 2, ["America/New_York"]));

    [Fact]
    public void Payments_reaching_the_amount_before_the_breaking_point_keep_it()
    {
        var promise = Open(100m);

        Assert.False(promise.Count(Guid.NewGuid(), 60m, "USD", promise.BreaksAt.AddDays(-2)));
        Assert.True(promise.Count(Guid.NewGuid(), 40m, "USD", promise.BreaksAt.AddHours(-1)));
        Assert.Equal(PromiseStatus.Kept, promise.Status);
    }

    [Fact]
    public void A_payment_after_the_breaking_point_does_not_keep_it()
    {
        var promise = Open(100m);

        Assert.False(promise.Count(Guid.NewGuid(), 100m, "USD", promise.BreaksAt));
        Assert.True(promise.BreakIfDue(promise.BreaksAt));
        Assert.Equal(PromiseStatus.Broken, promise.Status);
    }

    [Fact]
    public void A_reversed_payment_no_longer_counts_and_a_payment_counts_once()
    {
        var promise = Open(100m);
        var payment = Guid.NewGuid();
        promise.Count(payment, 60m, "USD", promise.BreaksAt.AddDays(-2));
        promise.Count(payment, 60m, "USD", promise.BreaksAt.AddDays(-2));

        promise.Reverse(payment);
        promise.Count(Guid.NewGuid(), 50m, "USD", promise.BreaksAt.AddDays(-1));

        Assert.Equal(50m, promise.AmountPaid);
        Assert.Equal(PromiseStatus.Open, promise.Status);
    }

    [Fact]
    public void A_payment_in_another_currency_does_not_count()
    {
        var promise = Open(100m);

        Assert.False(promise.Count(Guid.NewGuid(), 100m, "EUR", promise.BreaksAt.AddDays(-1)));
        Assert.Equal(0m, promise.AmountPaid);
    }

    [Theory]
    [InlineData("en", true, "This is a communication from a debt collector. This is an attempt to collect a debt, and any information obtained will be used for that purpose.")]
    [InlineData("en-US", false, "This communication is from a debt collector.")]
    [InlineData("es", false, "Esta comunicación es de un cobrador de deudas.")]
    [InlineData("fr", false, "This communication is from a debt collector.")]
    public void The_disclosure_depends_on_first_communication_and_language(string language, bool first, string script) =>
        Assert.Equal(script, DisclosureScript.For(language, first).Script);

    private static PromiseToPay Open(decimal amount) => new()
    {
        Id = Guid.NewGuid(),
        Amount = amount,
        Currency = "USD",
        DueDate = new DateOnly(2026, 11, 30),
        BreaksAt = PromiseToPay.BreakingPoint(new DateOnly(2026, 11, 30), 2, ["America/New_York"]),
        Status = PromiseStatus.Open,
    };
}
