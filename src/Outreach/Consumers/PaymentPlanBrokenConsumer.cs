using Collections.Contracts.Events;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using MassTransit;

namespace Collections.Outreach.Consumers;

/// <summary>A broken payment plan puts the account back in the work queue.</summary>
public sealed class PaymentPlanBrokenConsumer(CallQueue queue, TimeProvider clock) : IConsumer<PaymentPlanBroken>
{
    public async Task Consume(ConsumeContext<PaymentPlanBroken> context)
    {
        var broken = context.Message;
        _ = await queue.EnqueueAsync(broken.TenantId, broken.AccountId, WorkQueues.Standard, QueueReasons.PlanBroken, clock.GetUtcNow(), context.CancellationToken)
            ?? throw new InvalidOperationException($"Account {broken.AccountId} is not known to outreach yet.");
    }
}
