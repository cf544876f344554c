using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Collections.BuildingBlocks.Tests;

/// <summary>A receipt written by <see cref="AccountPlacedRecorder"/> each time it really processes a message.</summary>
public sealed class Receipt : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }
}

/// <summary>A tiny service database: receipts plus the outbox and inbox tables.</summary>
public sealed class ReceiptsDbContext(DbContextOptions<ReceiptsDbContext> options, TenantContext tenant) : DbContext(options)
{
    public DbSet<Receipt> Receipts => Set<Receipt>();

    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Receipt>().HasQueryFilter(r => r.TenantId == CurrentTenantId);
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>
/// Writes a receipt per processed message; fails the first attempt for accounts whose reference says so, and
/// every attempt for accounts marked "fail-until-fixed" until the test calls <see cref="Fix"/>.
/// </summary>
public sealed class AccountPlacedRecorder(ReceiptsDbContext db) : IConsumer<AccountPlaced>
{
    public const string FailUntilFixed = "fail-until-fixed";
    public const string Slow = "slow";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource<string>> SlowStarts = new();

    private static readonly HashSet<Guid> FailedOnce = [];
    private static readonly HashSet<Guid> Fixed = [];

    /// <summary>The "fix": from now on the account's message is consumed.</summary>
    public static void Fix(Guid accountId)
    {
        lock (Fixed)
        {
            Fixed.Add(accountId);
        }
    }

    public async Task Consume(ConsumeContext<AccountPlaced> context)
    {
        if (context.Message.ClientReference == Slow)
        {
            SlowStarted(context.Message.AccountId).TrySetResult(DeadLetterRecorderQueue(context));

            // Work that takes a while, deliberately deaf to cancellation: stopping the host must wait for it.
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        }

        db.Receipts.Add(new Receipt { Id = Guid.NewGuid(), TenantId = context.Message.TenantId, AccountId = context.Message.AccountId });
        lock (FailedOnce)
        {
            if (context.Message.ClientReference == "fail-first-attempt" && FailedOnce.Add(context.Message.AccountId))
            {
                throw new InvalidOperationException("Simulated failure after writing");
            }
        }

        lock (Fixed)
        {
            if (context.Message.ClientReference == FailUntilFixed && !Fixed.Contains(context.Message.AccountId))
            {
                throw new InvalidOperationException($"Simulated bug: account {context.Message.AccountId} cannot be recorded");
            }
        }
    }

    /// <summary>Completed with the queue name when the consumer starts on a "slow" account.</summary>
    public static TaskCompletionSource<string> SlowStarted(Guid accountId) =>
        SlowStarts.GetOrAdd(accountId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static string DeadLetterRecorderQueue(ConsumeContext context) => context.ReceiveContext.InputAddress.AbsolutePath.Trim('/').Split('/')[^1];
}

/// <summary>A running host with the messaging building block, its own database and its own queues.</summary>
public sealed class MessagingHost : IAsyncDisposable
{
    private readonly IHost host;

    private MessagingHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public static async Task<MessagingHost> StartAsync(PlatformContainers containers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:receipts"] = await containers.CreateDatabaseAsync("receipts"),
            ["ConnectionStrings:messaging"] = containers.RabbitMqConnectionString,
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:02",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<ReceiptsDbContext>("receipts");
        builder.AddMessaging<ReceiptsDbContext>(
            $"test-{Guid.NewGuid():N}",
            bus => bus.AddConsumer<AccountPlacedRecorder>(consumer => consumer.ConcurrentMessageLimit = 1));
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        return new MessagingHost(host);
    }

    /// <summary>Saves <paramref name="placed"/> to the outbox in its own unit of work, as a service would.</summary>
    public async Task SaveToOutboxAsync(AccountPlaced placed)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(placed.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>();
        db.AddIntegrationEvent(placed);
        await db.SaveChangesAsync();
    }

    public async Task<int> ReceiptsForAsync(Guid tenantId, Guid accountId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>().Receipts.CountAsync(r => r.AccountId == accountId);
    }

    public async Task<OutboxMessage> OutboxMessageAsync(Guid messageId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.MessageId == messageId);
    }

    public static AccountPlaced NewPlacement(Guid tenantId, string reference = "ref") => new()
    {
        TenantId = tenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        AccountId = Guid.NewGuid(),
        ClientReference = reference,
        Jurisdiction = "MA",
        Currency = "USD",
        Principal = 100m,
        Interest = 0m,
        Fees = 0m,
        PlacedBalance = 100m,
    };

    /// <summary>
    /// The message ids in a queue, looked at and left in it. Every test host's queue is bound to the same AccountPlaced
    /// exchange, so a host's queues may also hold other tests' messages: a test looks for its own message id.
    /// </summary>
    public static async Task<List<string?>> MessageIdsInAsync(PlatformContainers containers, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(containers.RabbitMqConnectionString) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ids = new List<string?>();
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            ids.Add(message.BasicProperties.MessageId);
        }

        return ids;
    }

    /// <summary>Stops the host as a shutdown would; its services stay readable until it is disposed.</summary>
    public Task StopAsync() => host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
