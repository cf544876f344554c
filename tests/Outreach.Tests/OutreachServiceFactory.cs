using System.Net.Http.Json;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Outreach.Tests;

/// <summary>The Outreach service on its own fresh database, fed by the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class OutreachServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "outreach")
{
    /// <summary>Puts an account into outreach's read model as the AccountPlaced consumer would.</summary>
    public async Task<ContactableAccount> SeedAccountAsync(Guid tenantId, string jurisdiction)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<OutreachDbContext>();
        var account = new ContactableAccount
        {
            AccountId = Guid.CreateVersion7(),
            TenantId = tenantId,
            ClientId = Guid.NewGuid(),
            ConsumerId = Guid.NewGuid(),
            ConsumerName = "Ann Lee",
            Jurisdiction = jurisdiction,
            Status = "Placed",
            PlacedAt = DateTimeOffset.UtcNow.AddDays(-30),
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return account;
    }

    /// <summary>Publishes <paramref name="message"/> as another service's outbox would, tenant header included.</summary>
    public Task PublishAsync<T>(T message)
        where T : IntegrationEvent =>
        Services.GetRequiredService<IBus>().Publish(
            message,
            context =>
            {
                context.MessageId = message.EventId;
                context.Headers.Set(TenantHeaders.TenantId, message.TenantId.ToString());
            },
            TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> RecordCallAsync(HttpClient client, Guid accountId, DateTimeOffset at, string outcome = "NoAnswer", string number = "+12125550100", string type = "Landline") =>
        client.PostAsJsonAsync(
            $"/api/v1/outreach/accounts/{accountId}/contact-attempts",
            new { channel = "Call", phoneNumber = number, phoneType = type, outcome, at },
            TestContext.Current.CancellationToken);
}
