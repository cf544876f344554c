using System.Globalization;
using System.Text.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Disputes.Tests;

/// <summary>The Disputes service on its own fresh database and the real broker, trusting <see cref="TestCallers"/>.</summary>
public sealed class DisputesServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "disputes")
{
    /// <summary>The largest attachment these tests' service accepts (the default is 10 MiB).</summary>
    public const long MaxAttachmentBytes = 1024 * 1024;

    /// <summary>A tenant with its own consumer-complaint deadlines: 2 days to the first response, 10 to close.</summary>
    public static readonly Guid TenantWithOwnDeadlines = Guid.NewGuid();

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Disputes:HoldAfterValidationPeriod", "false");
        builder.UseSetting("Disputes:MaxAttachmentBytes", MaxAttachmentBytes.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting($"Disputes:Complaints:TenantDeadlines:{TenantWithOwnDeadlines}:consumer:FirstResponseDays", "2");
        builder.UseSetting($"Disputes:Complaints:TenantDeadlines:{TenantWithOwnDeadlines}:consumer:CloseDays", "10");
    }

    /// <summary>The integration events of <typeparamref name="T"/> the service put in its outbox for <paramref name="tenantId"/>.</summary>
    public async Task<List<T>> QueuedAsync<T>(Guid tenantId)
        where T : IntegrationEvent
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        var bodies = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType == typeof(T).FullName)
            .Select(m => m.Body)
            .ToListAsync(TestContext.Current.CancellationToken);
        return [.. bodies.Select(b => JsonSerializer.Deserialize<T>(b, JsonSerializerOptions.Web)!)];
    }

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
