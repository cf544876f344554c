using Collections.Contracts.Grpc;

namespace Collections.Accounts.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("106.75")]
    [InlineData("-12.01")]
    [InlineData("999999999.999999999")]
    public void Amounts_survive_the_wire_form_exactly(string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(value, Money.From(value, "USD").ToDecimal());
    }

    [Fact]
    public void Amounts_finer_than_a_nano_unit_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.From(0.0000000001m, "USD"));
}
