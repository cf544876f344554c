using System.Diagnostics;
using Collections.BuildingBlocks.Tenancy;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>Tuning of the outbox dispatcher.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the outbox is checked when no commit has woken the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages claimed per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long one publish may wait for the broker's confirmation before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Publishes committed outbox messages to the bus in insertion order and marks each dispatched only
/// after the broker confirmed it. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several
/// instances of a service can run side by side. A failed publish is retried with backoff until it
/// succeeds; nothing is dropped.
/// </summary>
public sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    internal static readonly ActivitySource ActivitySource = new("Collections.Messaging");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and the bus connect) before the first publish.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                // A batch once claimed is finished even when the host is stopping: its publishes are bounded by
                // PublishTimeout and the first failure ends the batch, and the host's shutdown timeout bounds the rest.
                dispatched = await DispatchPendingAsync(CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox dispatch failed; retrying");
                dispatched = 0;
            }

            if (dispatched < options.Value.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Publishes one batch of due messages; returns how many were published.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var batch = await db.Set<OutboxMessage>()
            .FromSqlRaw(
                $$"""
                SELECT * FROM {{MessagingModel.OutboxTable}}
                WHERE dispatched_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= {0})
                ORDER BY sequence
                LIMIT {1}
                FOR UPDATE SKIP LOCKED
                """,
                now,
                options.Value.BatchSize)
            .ToListAsync(cancellationToken);

        var published = 0;
        foreach (var message in batch)
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                message.MarkDispatched(clock.GetUtcNow());
                published++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                message.MarkFailed(clock.GetUtcNow(), ex);
                logger.LogWarning(ex, "Publishing outbox message {MessageId} ({MessageType}) failed on attempt {Attempts}; next attempt at {NextAttemptAt}",
                    message.MessageId, message.MessageType, message.Attempts, message.NextAttemptAt);

                // The broker is most likely unreachable: keep the order and stop this batch.
                break;
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return published;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity(
            $"outbox publish {message.MessageType}", ActivityKind.Producer, message.TraceParent ?? default(string));
        var integrationEvent = message.ToEvent();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        await bus.Publish(
            integrationEvent,
            integrationEvent.GetType(),
            Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = message.MessageId;
                context.Headers.Set(TenantHeaders.TenantId, message.TenantId.ToString());
            }),
            timeout.Token);
    }
}
