using System.Text.Json;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.IntegrationTesting;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Outreach.Tests;

/// <summary>
/// The Outreach service for the work-queue tests: its own database and the real broker, Accounts' gRPC API served
/// by <see cref="AccountsStub"/>, a clock the test moves, three failed calls to escalate and a fast promise sweeper.
/// </summary>
public sealed class WorkQueueServiceFactory(PlatformContainers containers) : ServiceFactory<Program>(containers, "outreach"), IAsyncLifetime
{
    public const int EscalateAfterFailedAttempts = 3;

    public const string Landline = "+12125550100";

    public AccountsStub Accounts { get; } = new();

    public TestClock Clock { get; } = new();

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await Accounts.StartAsync();
        await InitializeAsync();
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Messaging:QueuePrefix", $"outreach-{Guid.NewGuid():N}");
        builder.UseSetting("Outreach:Strategy:BackgroundEnabled", "false");
        builder.UseSetting("services:accounts:grpc:0", Accounts.Address.ToString().TrimEnd('/'));
        builder.UseSetting($"{WorkQueueOptions.Section}:{nameof(WorkQueueOptions.EscalateAfterFailedAttempts)}", EscalateAfterFailedAttempts.ToString());
        builder.UseSetting($"{WorkQueueOptions.Section}:{nameof(WorkQueueOptions.PromiseSweepInterval)}", "00:00:00.200");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// An account of a New York consumer with one landline, known to outreach and to Accounts, queued for a
    /// strategy call from now.
    /// </summary>
    public async Task<ContactableAccount> SeedQueuedAccountAsync(Guid tenantId, int? score = 500, decimal balance = 1000m, TimeSpan? sinceLastContact = null, bool queued = true)
    {
        var now = Clock.GetUtcNow();
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
            Jurisdiction = "NY",
            Status = "Active",
            PlacedAt = now.AddDays(-40),
            Balance = balance,
            Currency = "USD",
            Score = score,
            LastContactAt = now - sinceLastContact,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        if (queued)
        {
            await scope.ServiceProvider.GetRequiredService<CallQueue>()
                .EnqueueAsync(tenantId, account.AccountId, WorkQueues.Standard, QueueReasons.Strategy, now.AddMinutes(-1), TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Accounts.Add(tenantId, new ConsumerReply
        {
            ConsumerId = account.ConsumerId.ToString(),
            FirstName = "Ann",
            LastName = "Lee",
            Language = "en",
            Phones = { new Collections.Contracts.Grpc.Accounts.PhoneNumber { Number = Landline, Type = "landline", TimeZone = "America/New_York" } },
            TimeZones = { "America/New_York" },
        });
        return account;
    }

    /// <summary>Runs the tenant's daily strategy run of <paramref name="businessDate"/> to its end, as the scheduler would.</summary>
    public async Task<StrategyRun> RunStrategyAsync(Guid tenantId, DateOnly businessDate)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await scope.ServiceProvider.GetRequiredService<Strategies.DailyStrategyRun>().RunAsync(businessDate, again: true, TestContext.Current.CancellationToken);
    }

    /// <summary>The events of type <typeparamref name="T"/> the service put in its outbox for the tenant.</summary>
    public async Task<IReadOnlyList<T>> QueuedEventsAsync<T>(Guid tenantId)
        where T : IntegrationEvent
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<OutreachDbContext>();
        var bodies = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.MessageType == typeof(T).FullName)
            .OrderBy(m => m.Sequence)
            .Select(m => m.Body)
            .ToListAsync(TestContext.Current.CancellationToken);
        return [.. bodies.Select(b => JsonSerializer.Deserialize<T>(b, JsonSerializerOptions.Web)!)];
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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Accounts.DisposeAsync();
    }
}
