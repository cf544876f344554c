using System.Diagnostics;
using System.Threading.Channels;
using Collections.Contracts.Events;
using Microsoft.Extensions.Options;

namespace Collections.Reporting.Infrastructure;

/// <summary>Sizes of the projection's batches.</summary>
public sealed class ProjectionBatchOptions
{
    /// <summary>Most messages written in one transaction.</summary>
    public int MaxBatch { get; set; } = 1000;
}

/// <summary>
/// Gathers the messages the consumer receives concurrently and writes them many per transaction: the inbox, the event
/// log and the read model, set-based (<see cref="ReadModelProjector.RecordAndProjectAsync(IReadOnlyList{Delivery}, CancellationToken)"/>).
/// Each message's consumer waits until the transaction holding it commits, so a message is acknowledged to the broker only
/// once it is stored; a failed batch is retried one message per transaction, so only the message at fault fails (and goes
/// through the bus's retries and error queue like any other).
/// </summary>
public sealed class ProjectionBatcher(IServiceScopeFactory scopes, IOptions<ProjectionBatchOptions> options, ILogger<ProjectionBatcher> logger) : BackgroundService
{
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Hands one message to the next batch and completes when that batch is committed.</summary>
    public async Task ProjectAsync(IntegrationEvent evt, Guid messageId, string queueName, CancellationToken cancellationToken)
    {
        var pending = new Pending(new Delivery(evt, messageId, queueName), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < options.Value.MaxBatch && queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetCanceled(stoppingToken);
            }

            while (queue.Reader.TryRead(out var pending))
            {
                pending.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await WriteOnceAsync([.. batch.Select(p => p.Delivery)], cancellationToken);
            batch.ForEach(p => p.Done.TrySetResult());
            logger.LogDebug("Wrote a batch of {Count} messages in {Milliseconds:F0} ms", batch.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }
        catch (Exception exception) when (batch.Count > 1 && exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "A batch of {Count} events failed; writing them one at a time", batch.Count);
        }
        catch (Exception exception)
        {
            batch[0].Done.TrySetException(exception);
            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                await WriteOnceAsync([pending.Delivery], cancellationToken);
                pending.Done.TrySetResult();
            }
            catch (Exception exception)
            {
                pending.Done.TrySetException(exception);
            }
        }
    }

    private async Task WriteOnceAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReadModelProjector>().RecordAndProjectAsync(deliveries, cancellationToken);
    }

    private sealed record Pending(Delivery Delivery, TaskCompletionSource Done);
}
