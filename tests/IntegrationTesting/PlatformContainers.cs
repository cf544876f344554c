using System.Net;
using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Xunit;

namespace Collections.IntegrationTesting;

/// <summary>
/// One PostgreSQL and one RabbitMQ container for a whole test assembly (register it with
/// <c>[assembly: AssemblyFixture(typeof(PlatformContainers))]</c>). Images are configuration
/// (<c>Containers__Postgres__Image</c>, <c>Containers__RabbitMq__Image</c>), so the same tests run
/// on the official images or on the ones eng/containers/setup.sh builds locally.
/// </summary>
public sealed class PlatformContainers : IAsyncLifetime
{
    private readonly PostgreSqlContainer postgres;
    private readonly RabbitMqContainer rabbitMq;
    private readonly int rabbitMqPort = FreeLoopbackPort();
    private readonly int postgresPort = FreeLoopbackPort();

    /// <summary>Label naming the test run a container belongs to, so eng/test.sh removes its own leftovers and nobody else's.</summary>
    public const string RunLabel = "platform.test-run";

    private static readonly string RunId = Environment.GetEnvironmentVariable("PLATFORM_TEST_RUN") is { Length: > 0 } id ? id : "local";

    public PlatformContainers()
    {
        postgres = new PostgreSqlBuilder(Image("Postgres", "postgres:15.1"))
            .WithUsername("platform")
            .WithPassword("platform-tests")
            .WithPortBinding(postgresPort, PostgreSqlBuilder.PostgreSqlPort)
            .WithLabel(RunLabel, RunId)
            .Build();

        // A fixed host port: the broker is stopped and started again by the outbox tests, and the
        // services under test must find it where they left it.
        rabbitMq = new RabbitMqBuilder(Image("RabbitMq", "rabbitmq:3.13-management"))
            .WithUsername("platform")
            .WithPassword("platform-tests")
            .WithPortBinding(rabbitMqPort, RabbitMqBuilder.RabbitMqPort)
            .WithLabel(RunLabel, RunId)
            .Build();
    }

    /// <summary>The AMQP URI of the broker.</summary>
    public string RabbitMqConnectionString => $"amqp://platform:platform-tests@127.0.0.1:{rabbitMqPort}/";

    public async ValueTask InitializeAsync() =>
        await Task.WhenAll(postgres.StartAsync(), rabbitMq.StartAsync());

    public async ValueTask DisposeAsync()
    {
        await postgres.DisposeAsync();
        await rabbitMq.DisposeAsync();
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(postgres.GetConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the broker, as an outage would.</summary>
    public Task StopRabbitMqAsync() => rabbitMq.StopAsync();

    /// <summary>Starts the broker again on the same port.</summary>
    public Task StartRabbitMqAsync() => rabbitMq.StartAsync();

    /// <summary>Stops the database server, as an outage would (every test using this instance loses its database).</summary>
    public Task StopPostgresAsync() => postgres.StopAsync();

    /// <summary>Starts the database server again on the same port, with its data; pooled connections to the old process are dropped.</summary>
    public async Task StartPostgresAsync()
    {
        await postgres.StartAsync();
        NpgsqlConnection.ClearAllPools();
    }

    private static string Image(string name, string official) =>
        Environment.GetEnvironmentVariable($"Containers__{name}__Image") is { Length: > 0 } configured ? configured : official;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
