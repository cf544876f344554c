using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Consumers;

/// <summary>Keeps the client's settlement limits: the discount an agent may grant alone and the deeper one a supervisor may approve.</summary>
public sealed class ClientSettingsChangedConsumer(PaymentsDbContext db, TimeProvider clock, ILogger<ClientSettingsChangedConsumer> logger) : IConsumer<ClientSettingsChanged>
{
    public async Task Consume(ConsumeContext<ClientSettingsChanged> context)
    {
        var changed = context.Message;
        var agent = Math.Clamp(changed.AgentSettlementDiscountPercent, 0m, 100m);
        var supervisor = Math.Clamp(changed.SupervisorSettlementDiscountPercent, 0m, 100m);
        if (supervisor < agent)
        {
            // A supervisor never has less authority than an agent.
            logger.LogWarning("Client {ClientId}: the supervisor's settlement discount {Supervisor}% is below the agent's {Agent}%; the agent's applies to both", changed.ClientId, supervisor, agent);
            supervisor = agent;
        }

        var terms = await db.ClientSettlementTerms.SingleOrDefaultAsync(t => t.ClientId == changed.ClientId, context.CancellationToken);
        if (terms is null)
        {
            terms = ClientSettlementTerms.For(changed.TenantId, changed.ClientId);
            db.ClientSettlementTerms.Add(terms);
        }

        terms.Change(agent, supervisor, clock.GetUtcNow());
    }
}
