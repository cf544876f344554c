using Collections.Contracts.Events;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Consumers;

/// <summary>
/// Keeps the client's name for remittance and its contingency fee percentage, in force from the
/// instant of the change (the event's <c>OccurredAt</c>), so events arriving late or out of order
/// still give every posting the rate that was agreed at its time.
/// </summary>
public sealed class ClientSettingsChangedConsumer(PaymentsDbContext db, ILogger<ClientSettingsChangedConsumer> logger) : IConsumer<ClientSettingsChanged>
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
}
