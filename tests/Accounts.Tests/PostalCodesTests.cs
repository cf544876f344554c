using Collections.Accounts.Domain;

namespace Collections.Accounts.Tests;

public sealed class PostalCodesTests
{
    [Theory]
    [InlineData("02139", "02139")]
    [InlineData("02139", "02139-4307")]
    [InlineData("021394307", "02139")]
    [InlineData("sw1a 1aa", "SW1A1AA")]
    [InlineData(" 02139 ", "02139")]
    [InlineData(null, null)]
    public void The_same_code_written_differently_is_the_same(string? left, string? right) =>
        Assert.True(PostalCodes.AreSame(left, right));

    [Theory]
    [InlineData("02139", "02140")]
    [InlineData("02139-4307", "02139-4308x")]
    [InlineData("0213", "02139")]
    [InlineData("02139", null)]
    public void Different_codes_are_different(string? left, string? right) =>
        Assert.False(PostalCodes.AreSame(left, right));
}
