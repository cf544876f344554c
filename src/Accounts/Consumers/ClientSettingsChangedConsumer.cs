using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Consumers;

/// <summary>Keeps the client's payment application order, which payments are applied in.</summary>
public sealed class ClientSettingsChangedConsumer(AccountsDbContext db, TimeProvider clock, ILogger<ClientSettingsChangedConsumer> logger) : IConsumer<ClientSettingsChanged>
{
    public async Task Consume(ConsumeContext<ClientSettingsChanged> context)
    {
        var changed = context.Message;
        var order = PaymentApplicationOrder.Parse(changed.PaymentApplicationOrder);
        if (order is null)
        {
            logger.LogWarning(
                "Client {ClientId} names the payment order {Order}, which is not each of fees, interest and principal once; the default applies",
                changed.ClientId, string.Join(",", changed.PaymentApplicationOrder ?? []));
        }

        var terms = await db.ClientTerms.SingleOrDefaultAsync(t => t.ClientId == changed.ClientId, context.CancellationToken);
        if (terms is null)
        {
            terms = ClientTerms.For(changed.TenantId, changed.ClientId);
            db.ClientTerms.Add(terms);
        }

        terms.Change(order ?? PaymentApplicationOrder.Default, clock.GetUtcNow());
    }
}
