using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>
/// Healthy when a connection to RabbitMQ opens within a few seconds. A readiness check: a service that cannot
/// reach its broker neither receives events nor empties its outbox, so it should not be sent traffic.
/// </summary>
internal sealed class BrokerHealthCheck(IConfiguration configuration) : IHealthCheck
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var uri = configuration.GetConnectionString(MessagingExtensions.ConnectionName);
        if (uri is null)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"ConnectionStrings:{MessagingExtensions.ConnectionName} is not configured.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            var factory = new ConnectionFactory
            {
                Uri = new Uri(uri),
                ClientProvidedName = "health",
                AutomaticRecoveryEnabled = false,
                RequestedConnectionTimeout = ConnectTimeout,
            };
            await using var connection = await factory.CreateConnectionAsync(timeout.Token);
            await connection.CloseAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "RabbitMQ is unreachable.", ex);
        }
    }
}
