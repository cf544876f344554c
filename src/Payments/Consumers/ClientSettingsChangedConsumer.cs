using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Consumers;

/// <summary>
/// Keeps the client's name for remittance, its settlement limits (the discount an agent may grant alone and
/// the deeper one a supervisor may approve) and its contingency fee percentage, in force from the instant of
/// the change (the event's <c>OccurredAt</c>), so events arriving late or out of order still give every
/// posting the rate that was agreed at its time.
/// </summary>
public sealed class ClientSettingsChangedConsumer(PaymentsDbContext db, TimeProvider clock, ILogger<ClientSettingsChangedConsumer> logger) : IConsumer<ClientSettingsChanged>
{
    public async Task Consume(ConsumeContext<ClientSettingsChanged> context)
    {
        var changed = context.Message;

        var payee = await db.ClientPayees.SingleOrDefaultAsync(p => p.ClientId == changed.ClientId, context.CancellationToken);
        if (payee is null)
        {
            db.ClientPayees.Add(ClientPayee.For(changed.TenantId, changed.ClientId, changed.ClientName ?? ""));
        }
        else
        {
            payee.Rename(changed.ClientName ?? "");
        }

        await KeepSettlementTermsAsync(changed, context.CancellationToken);

        if (!ContingencyFeeRate.IsValid(changed.ContingencyFeePercent))
        {
            logger.LogWarning("Client {ClientId} has the contingency fee {Percent}%, not 0 to 100 in hundredths; the rate in force is kept", changed.ClientId, changed.ContingencyFeePercent);
            return;
        }

        var effectiveFrom = changed.OccurredAt.ToUniversalTime();
        var known = await db.ContingencyFeeRates.AnyAsync(r => r.ClientId == changed.ClientId && r.EffectiveFrom == effectiveFrom, context.CancellationToken);
        if (!known)
        {
            db.ContingencyFeeRates.Add(ContingencyFeeRate.From(changed.TenantId, changed.ClientId, changed.ContingencyFeePercent, effectiveFrom));
        }
    }

    private async Task KeepSettlementTermsAsync(ClientSettingsChanged changed, CancellationToken cancellationToken)
    {
        var agent = Math.Clamp(changed.AgentSettlementDiscountPercent, 0m, 100m);
        var supervisor = Math.Clamp(changed.SupervisorSettlementDiscountPercent, 0m, 100m);
        if (supervisor < agent)
        {
            // A supervisor never has less authority than an agent.
            logger.LogWarning("Client {ClientId}: the supervisor's settlement discount {Supervisor}% is below the agent's {Agent}%; the agent's applies to both", changed.ClientId, supervisor, agent);
            supervisor = agent;
        }

        var terms = await db.ClientSettlementTerms.SingleOrDefaultAsync(t => t.ClientId == changed.ClientId, cancellationToken);
        if (terms is null)
        {
            terms = ClientSettlementTerms.For(changed.TenantId, changed.ClientId);
            db.ClientSettlementTerms.Add(terms);
        }

        terms.Change(agent, supervisor, clock.GetUtcNow());
    }
}
