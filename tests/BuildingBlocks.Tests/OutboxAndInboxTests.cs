using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.BuildingBlocks.Tests;

public sealed class OutboxAndInboxTests(PlatformContainers containers)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly Guid tenantId = Guid.NewGuid();

    [Fact]
    public async Task An_event_saved_to_the_outbox_is_published_and_consumed_once()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantId);

        await host.SaveToOutboxAsync(placed);

        await Eventually.Until(() => host.ReceiptsForAsync(tenantId, placed.AccountId), n => n == 1, Deadline, "the event to be consumed");
        var outbox = await host.OutboxMessageAsync(placed.EventId);
        Assert.NotNull(outbox.DispatchedAt);
    }

    [Fact]
    public async Task An_event_written_while_the_broker_is_down_is_delivered_after_it_restarts()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantId);

        await containers.StopRabbitMqAsync();
        try
        {
            await host.SaveToOutboxAsync(placed);
            var failed = await Eventually.Until(
                () => host.OutboxMessageAsync(placed.EventId), m => m.Attempts >= 1, Deadline, "a failed publish attempt");
            Assert.Null(failed.DispatchedAt);
            Assert.NotNull(failed.LastError);
        }
        finally
        {
            await containers.StartRabbitMqAsync();
        }

        await Eventually.Until(() => host.ReceiptsForAsync(tenantId, placed.AccountId), n => n == 1, TimeSpan.FromSeconds(120), "delivery after the broker restarted");
        Assert.NotNull((await host.OutboxMessageAsync(placed.EventId)).DispatchedAt);
    }

    [Fact]
    public async Task A_message_delivered_twice_changes_state_once()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var bus = host.Services.GetRequiredService<IBus>();
        var duplicate = MessagingHost.NewPlacement(tenantId);
        var marker = MessagingHost.NewPlacement(tenantId);

        await bus.Publish(duplicate, context => context.MessageId = duplicate.EventId, TestContext.Current.CancellationToken);
        await bus.Publish(duplicate, context => context.MessageId = duplicate.EventId, TestContext.Current.CancellationToken);
        await bus.Publish(marker, context => context.MessageId = marker.EventId, TestContext.Current.CancellationToken);

        // The consumer takes one message at a time in queue order, so once the marker is in, both copies were handled.
        await Eventually.Until(() => host.ReceiptsForAsync(tenantId, marker.AccountId), n => n == 1, Deadline, "the marker message");
        Assert.Equal(1, await host.ReceiptsForAsync(tenantId, duplicate.AccountId));
    }

    [Fact]
    public async Task A_consumer_that_fails_after_writing_leaves_no_partial_state_and_succeeds_on_retry()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantId, "fail-first-attempt");

        await host.SaveToOutboxAsync(placed);

        await Eventually.Until(() => host.ReceiptsForAsync(tenantId, placed.AccountId), n => n >= 1, Deadline, "the retried message");
        Assert.Equal(1, await host.ReceiptsForAsync(tenantId, placed.AccountId));
    }
}
