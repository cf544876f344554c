using System.Net;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Persistence;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Tests;

/// <summary>A PostgreSQL and a RabbitMQ of their own, so stopping them harms no other test (they share the broker of the assembly otherwise).</summary>
public sealed class OutageContainers : IAsyncLifetime
{
    public PlatformContainers Containers { get; } = new();

    public ValueTask InitializeAsync() => Containers.InitializeAsync();

    public ValueTask DisposeAsync() => Containers.DisposeAsync();
}

public sealed class OutageTests(OutageContainers outage) : IClassFixture<OutageContainers>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly Guid tenantId = Guid.NewGuid();

    [Fact]
    public async Task An_event_written_while_the_broker_is_down_is_delivered_after_it_restarts()
    {
        await using var host = await MessagingHost.StartAsync(outage.Containers);
        var placed = MessagingHost.NewPlacement(tenantId);

        await outage.Containers.StopRabbitMqAsync();
        try
        {
            await host.SaveToOutboxAsync(placed);
            var failed = await Eventually.Until(
                () => host.OutboxMessageAsync(placed.EventId), m => m.Attempts >= 1, Deadline, "a failed publish attempt");
            Assert.Null(failed.DispatchedAt);
            Assert.NotNull(failed.LastError);
        }
        finally
        {
            await outage.Containers.StartRabbitMqAsync();
        }

        await Eventually.Until(() => host.ReceiptsForAsync(tenantId, placed.AccountId), n => n == 1, TimeSpan.FromSeconds(120), "delivery after the broker restarted");
        Assert.NotNull((await host.OutboxMessageAsync(placed.EventId)).DispatchedAt);
    }


    [Fact]
    public async Task Health_is_unhealthy_while_the_database_is_down_and_healthy_again_when_it_is_back()
    {
        await using var service = await StartServiceAsync();
        using var client = service.GetTestClient();
        await Eventually.Until(() => StatusAsync(client, "/health"), s => s == HttpStatusCode.OK, Deadline, "a healthy service");

        await outage.Containers.StopPostgresAsync();
        try
        {
            await Eventually.Until(() => StatusAsync(client, "/health"), s => s == HttpStatusCode.ServiceUnavailable, Deadline, "unhealthy without the database");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/alive"));
        }
        finally
        {
            await outage.Containers.StartPostgresAsync();
        }

        await Eventually.Until(() => StatusAsync(client, "/health"), s => s == HttpStatusCode.OK, Deadline, "healthy once the database is back");
    }

    [Fact]
    public async Task Health_is_unhealthy_while_the_broker_is_down_and_healthy_again_when_it_is_back()
    {
        await using var service = await StartServiceAsync();
        using var client = service.GetTestClient();
        await Eventually.Until(() => StatusAsync(client, "/health"), s => s == HttpStatusCode.OK, Deadline, "a healthy service");

        await outage.Containers.StopRabbitMqAsync();
        try
        {
            await Eventually.Until(() => StatusAsync(client, "/health"), s => s == HttpStatusCode.ServiceUnavailable, Deadline, "unhealthy without the broker");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/alive"));
        }
        finally
        {
            await outage.Containers.StartRabbitMqAsync();
        }

        await Eventually.Until(() => StatusAsync(client, "/health"), s => s == HttpStatusCode.OK, Deadline, "healthy once the broker is back");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    /// <summary>A service as the platform builds one: service defaults, its database and the bus, in memory.</summary>
    private async Task<WebApplication> StartServiceAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:receipts"] = await outage.Containers.CreateDatabaseAsync("receipts"),
            ["ConnectionStrings:messaging"] = outage.Containers.RabbitMqConnectionString,
        });
        builder.AddServiceDefaults();
        builder.AddServiceDatabase<ReceiptsDbContext>("receipts");
        builder.AddMessaging<ReceiptsDbContext>($"test-{Guid.NewGuid():N}", bus => bus.AddConsumer<AccountPlacedRecorder>());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return app;
    }
}
