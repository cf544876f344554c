using Collections.BuildingBlocks.Tenancy;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Disputes.Tests;

/// <summary>The Disputes service on its own fresh database and the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class DisputesServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "disputes")
{
    protected override void ConfigureService(IWebHostBuilder builder) => builder.UseSetting("Disputes:HoldAfterValidationPeriod", "false");

    /// <summary>
    /// Puts an account into the read model, with its validation notice sent on <paramref name="noticeSentOn"/>,
    /// as the AccountPlaced consumer would after asking Accounts over gRPC.
    /// </summary>
    public async Task<DisputableAccount> SeedAccountAsync(Guid tenantId, Guid clientId, Guid consumerId, DateOnly noticeSentOn)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        var account = new DisputableAccount
        {
            AccountId = Guid.NewGuid(),
            TenantId = tenantId,
            ClientId = clientId,
            ConsumerId = consumerId,
            ClientReference = $"REF-{Guid.NewGuid():N}"[..20],
            OriginalCreditor = "First Bank <& Co>",
            CurrentCreditor = "First Bank <& Co>",
            Currency = "USD",
            Balance = 512.40m,
            PlacedAt = new DateTimeOffset(noticeSentOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
        };
        db.Accounts.Add(account);
        db.ValidationNotices.Add(ValidationNotice.ForPlacement(account, noticeSentOn, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return account;
    }
}
