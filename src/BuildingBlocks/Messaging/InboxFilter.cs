using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>The consuming service's DbContext, as the inbox sees it.</summary>
public sealed class InboxDbContext(DbContext context)
{
    public DbContext Context { get; } = context;
}

/// <summary>
/// Runs every consumer inside one database transaction that first records the message id for the
/// receiving endpoint in the inbox. A redelivered message finds its id already there and is
/// acknowledged without running the consumer again; a consumer that fails rolls the record back,
/// so the retry runs it afresh. Events the consumer raises go to the outbox in the same transaction.
/// </summary>
public sealed class InboxFilter<TMessage>(
    InboxDbContext inbox, TenantContext tenant, TimeProvider clock, InboxExemptions exemptions, IEndpointNameFormatter endpointNames, ILogger<InboxFilter<TMessage>> logger)
    : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        if (context.Message is IntegrationEvent integrationEvent)
        {
            // The header and the body must agree: a message that claims one tenant in its headers
            // and carries another's data is refused (it ends in the error queue), never applied.
            var header = context.Headers.Get<string>(TenantHeaders.TenantId);
            if (header is not null && (!Guid.TryParse(header, out var headerTenant) || headerTenant != integrationEvent.TenantId))
            {
                throw new InvalidOperationException($"Message {context.MessageId} names tenant '{header}' in its header but {integrationEvent.TenantId} in its body.");
            }

            tenant.Use(integrationEvent.TenantId);
        }

        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id; the inbox cannot deduplicate it.");
        var consumer = context.ReceiveContext.InputAddress.AbsolutePath.Trim('/');
        if (exemptions.Contains(consumer, endpointNames))
        {
            // The consumer records the message in the inbox itself, in the transaction of the batch it joins.
            await next.Send(context);
            return;
        }

        var db = inbox.Context;
        var cancellationToken = context.CancellationToken;

        // A retry of the same message in the same scope starts from a clean slate.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var firstTime = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (firstTime == 0)
        {
            logger.LogInformation("Message {MessageId} ({MessageType}) was already processed by {Consumer}; skipped", messageId, typeof(TMessage).Name, consumer);
            return;
        }

        try
        {
            await next.Send(context);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // Counted on the receive, which outlives the retries: the dead letter says how often it failed.
            context.ReceiveContext.GetOrAddPayload(() => new FailedDeliveries()).Add();
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}
