using Collections.BuildingBlocks.Messaging;
using Collections.IntegrationTesting;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Collections.BuildingBlocks.Tests;

public sealed class DeadLetterTests(PlatformContainers containers)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly Guid tenantA = Guid.NewGuid();
    private readonly Guid tenantB = Guid.NewGuid();

    [Fact]
    public async Task A_message_that_keeps_failing_is_listed_with_its_exception_and_after_a_fix_a_replay_consumes_it_once()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed);

        await host.SaveToOutboxAsync(placed);

        var letter = Assert.Single(await Eventually.Until(
            () => PendingAsync(host, tenantA), letters => letters.Any(l => l.MessageId == placed.EventId), Deadline, "the dead letter"));
        Assert.Equal("AccountPlaced", letter.MessageType);
        Assert.Equal(tenantA, letter.TenantId);
        Assert.Equal(typeof(InvalidOperationException).FullName, letter.ExceptionType);
        Assert.Contains("Simulated bug", letter.ExceptionMessage);
        Assert.Equal(6, letter.Attempts); // the first delivery and the policy's five retries
        var faultHeaders = await ErrorQueueHeadersAsync(letter.Queue, placed.EventId);
        Assert.Contains(typeof(InvalidOperationException).FullName!, faultHeaders["MT-Fault-ExceptionType"]);
        Assert.Equal(0, await host.ReceiptsForAsync(tenantA, placed.AccountId));

        AccountPlacedRecorder.Fix(placed.AccountId);
        var (outcome, _) = await ReplayAsync(host, tenantA, letter.Id);

        Assert.Equal(DeadLetterOutcome.Done, outcome);
        await Eventually.Until(() => host.ReceiptsForAsync(tenantA, placed.AccountId), n => n == 1, Deadline, "the replayed message to be consumed");
        Assert.Empty(await PendingAsync(host, tenantA));
        Assert.DoesNotContain(letter.MessageId.ToString(), await MessagingHost.MessageIdsInAsync(containers, $"{letter.Queue}_error"));
    }

    [Fact]
    public async Task A_dead_letter_replayed_twice_at_once_is_sent_once()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed);
        await host.SaveToOutboxAsync(placed);
        var letter = Assert.Single(await Eventually.Until(() => PendingAsync(host, tenantA), letters => letters.Count == 1, Deadline, "the dead letter"));
        AccountPlacedRecorder.Fix(placed.AccountId);

        var outcomes = await Task.WhenAll(ReplayAsync(host, tenantA, letter.Id), ReplayAsync(host, tenantA, letter.Id));

        Assert.Equal([DeadLetterOutcome.Done, DeadLetterOutcome.NotPending], outcomes.Select(o => o.Outcome).Order());
        await Eventually.Until(() => host.ReceiptsForAsync(tenantA, placed.AccountId), n => n == 1, Deadline, "the replayed message to be consumed");
        await WithDeadLettersAsync(host, async deadLetters => Assert.Equal(1, (await deadLetters.FindAsync(tenantA, letter.Id, default))!.ReplayCount));
    }

    [Fact]
    public async Task Another_tenant_neither_sees_nor_replays_nor_discards_a_tenants_dead_letters()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed);
        await host.SaveToOutboxAsync(placed);
        var letter = Assert.Single(await Eventually.Until(() => PendingAsync(host, tenantA), letters => letters.Count == 1, Deadline, "the dead letter"));

        Assert.Empty(await PendingAsync(host, tenantB));
        await WithDeadLettersAsync(host, async deadLetters =>
        {
            Assert.Null(await deadLetters.FindAsync(tenantB, letter.Id, default));
            Assert.Equal(DeadLetterOutcome.NotFound, (await deadLetters.ReplayAsync(tenantB, letter.Id, "intruder", default)).Outcome);
            Assert.Equal(DeadLetterOutcome.NotFound, (await deadLetters.DiscardAsync(tenantB, letter.Id, "intruder", "mine now", default)).Outcome);
        });
        Assert.Single(await PendingAsync(host, tenantA));
    }

    [Fact]
    public async Task A_discarded_dead_letter_leaves_the_error_queue_and_keeps_who_and_why()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var placed = MessagingHost.NewPlacement(tenantA, AccountPlacedRecorder.FailUntilFixed);
        await host.SaveToOutboxAsync(placed);
        var letter = Assert.Single(await Eventually.Until(() => PendingAsync(host, tenantA), letters => letters.Count == 1, Deadline, "the dead letter"));

        await WithDeadLettersAsync(host, async deadLetters =>
        {
            var (outcome, discarded) = await deadLetters.DiscardAsync(tenantA, letter.Id, "admin-1", "duplicate placement, already corrected by hand", default);
            Assert.Equal(DeadLetterOutcome.Done, outcome);
            Assert.Equal(("admin-1", "duplicate placement, already corrected by hand"), (discarded!.DiscardedBy, discarded.DiscardReason));
            Assert.Equal(DeadLetterOutcome.NotPending, (await deadLetters.ReplayAsync(tenantA, letter.Id, "admin-1", default)).Outcome);
        });
        Assert.Empty(await PendingAsync(host, tenantA));
        Assert.DoesNotContain(letter.MessageId.ToString(), await MessagingHost.MessageIdsInAsync(containers, $"{letter.Queue}_error"));
    }

    private static Task<List<DeadLetter>> PendingAsync(MessagingHost host, Guid tenantId) =>
        WithDeadLettersAsync(host, deadLetters => deadLetters.ListAsync(tenantId, DeadLetterStatus.Pending, null, 100, default));

    private static Task<(DeadLetterOutcome Outcome, DeadLetter? Letter)> ReplayAsync(MessagingHost host, Guid tenantId, Guid id) =>
        WithDeadLettersAsync(host, deadLetters => deadLetters.ReplayAsync(tenantId, id, "admin-1", default));

    private static async Task<T> WithDeadLettersAsync<T>(MessagingHost host, Func<DeadLetters, Task<T>> use)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<DeadLetters>());
    }

    private static async Task WithDeadLettersAsync(MessagingHost host, Func<DeadLetters, Task> use)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await use(scope.ServiceProvider.GetRequiredService<DeadLetters>());
    }

    /// <summary>The headers of the error queue's copy of a message (looked at, then left in the queue).</summary>
    private async Task<Dictionary<string, string>> ErrorQueueHeadersAsync(string queue, Guid messageId)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(containers.RabbitMqConnectionString) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        while (await channel.BasicGetAsync($"{queue}_error", autoAck: false) is { } message)
        {
            if (message.BasicProperties.MessageId == messageId.ToString())
            {
                return message.BasicProperties.Headers!.ToDictionary(
                    h => h.Key, h => h.Value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : h.Value?.ToString() ?? "");
            }
        }

        Assert.Fail($"Message {messageId} is not in {queue}_error.");
        return [];
    }
}
