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
    public async Task A_message_delivered_twice_changes_state_once()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var bus = host.Services.GetRequiredService<IBus>();
        var deliveries = new FinishedDeliveries();
        using var observing = bus.ConnectReceiveObserver(deliveries);
        var duplicate = MessagingHost.NewPlacement(tenantId);

        await bus.Publish(duplicate, context => context.MessageId = duplicate.EventId, TestContext.Current.CancellationToken);
        await bus.Publish(duplicate, context => context.MessageId = duplicate.EventId, TestContext.Current.CancellationToken);

        // Both copies have been taken off the queue and acknowledged (whatever the order or retries) before counting.
        await Eventually.Until(() => Task.FromResult(deliveries.Of(duplicate.EventId)), n => n == 2, Deadline, "both copies to be delivered");
        Assert.Equal(1, await host.ReceiptsForAsync(tenantId, duplicate.AccountId));
    }

    /// <summary>Counts the deliveries the bus finished (consumed and acknowledged) per message id.</summary>
    private sealed class FinishedDeliveries : IReceiveObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> finished = new();

        public int Of(Guid messageId) => finished.GetValueOrDefault(messageId);

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context)
        {
            if (context.GetMessageId() is { } id)
            {
                finished.AddOrUpdate(id, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
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
