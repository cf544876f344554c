using Collections.BuildingBlocks.Messaging;

namespace Collections.BuildingBlocks.Tests;

public sealed class OutboxRetryDelayTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(500, 60)]
    public void Retry_delay_doubles_from_one_second_and_is_capped_at_a_minute(int attempts, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), OutboxMessage.RetryDelay(attempts));
}
