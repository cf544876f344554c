using System.Data.Common;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>
/// Faults the reliability suite injects into a running service. Off unless configuration
/// <c>Faults:Directory</c> names a directory; the suite then arms one fault at a time by writing a file there:
/// <list type="bullet">
/// <item><c>crash-after-commit</c>: the next commit that stored an outbox message ends the process
/// (<see cref="Environment.FailFast(string)"/>) before the response is sent and before the dispatcher publishes.</item>
/// <item><c>consumer-failures</c> holding a number N: the next N messages consumed throw on their first
/// <see cref="FailedAttemptsPerMessage"/> attempts, so they succeed only through the retry policy.</item>
/// </list>
/// Each file is removed when it is taken, so a restarted process does not fault again.
/// </summary>
public sealed class FaultInjection
{
    /// <summary>Configuration key of the directory the arming files are looked for in.</summary>
    public const string DirectoryKey = "Faults:Directory";

    /// <summary>Attempts of each affected message that throw before one is let through.</summary>
    public const int FailedAttemptsPerMessage = 2;

    private readonly string directory;
    private readonly object gate = new();
    private int messagesToFail;

    private FaultInjection(string directory) => this.directory = directory;

    /// <summary>The fault hooks when configuration enables them; otherwise null.</summary>
    public static FaultInjection? FromConfiguration(IConfiguration configuration) =>
        configuration[DirectoryKey] is { Length: > 0 } directory ? new FaultInjection(directory) : null;

    /// <summary>True once, when a crash after the next commit was armed.</summary>
    internal bool TakeCrashAfterCommit() => Take("crash-after-commit") is not null;

    /// <summary>Whether this consume attempt must throw, taking newly armed failures first.</summary>
    internal bool ShouldFailAttempt(int retryAttempt)
    {
        lock (gate)
        {
            if (Take("consumer-failures") is { } armed && int.TryParse(armed.Trim(), out var count))
            {
                messagesToFail += count;
            }

            if (messagesToFail <= 0)
            {
                return false;
            }

            if (retryAttempt < FailedAttemptsPerMessage)
            {
                return true;
            }

            messagesToFail--;
            return false;
        }
    }

    private string? Take(string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var content = File.ReadAllText(path);
            File.Delete(path);
            return content;
        }
        catch (IOException)
        {
            // Another thread took it first.
            return null;
        }
    }
}

/// <summary>Ends the process right after a commit that stored outbox messages, when armed (see <see cref="FaultInjection"/>).</summary>
internal sealed class FaultCommitInterceptor(FaultInjection faults) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> contextsWithNewMessages = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Inspect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CrashUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CrashUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CrashIfArmed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CrashIfArmed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Inspect(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            contextsWithNewMessages.AddOrUpdate(context, this);
        }
    }

    private void CrashUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            CrashIfArmed(context);
        }
    }

    private void CrashIfArmed(DbContext? context)
    {
        if (context is not null && contextsWithNewMessages.Remove(context) && faults.TakeCrashAfterCommit())
        {
            Environment.FailFast("Fault injection: crash after the commit, before the response and the publish.");
        }
    }
}

/// <summary>Makes consumers throw on their first attempts, when armed (see <see cref="FaultInjection"/>).</summary>
public sealed class FaultConsumeFilter<TMessage>(FaultInjection faults, ILogger<FaultConsumeFilter<TMessage>> logger) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var attempt = context.GetRetryAttempt();
        if (faults.ShouldFailAttempt(attempt))
        {
            logger.LogWarning("Fault injection: failing attempt {Attempt} of message {MessageId} ({MessageType})", attempt, context.MessageId, typeof(TMessage).Name);
            throw new InvalidOperationException($"Fault injection: attempt {attempt} of message {context.MessageId} fails.");
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("fault-injection");
}
