using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>Wires a service to the bus: MassTransit over RabbitMQ, with the EF Core outbox and inbox.</summary>
public static class MessagingExtensions
{
    /// <summary>Name of the RabbitMQ connection string every service uses.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Adds MassTransit over RabbitMQ (durable queues, publisher confirms), the outbox dispatcher for
    /// <typeparamref name="TContext"/>, the inbox around every consumer, and the dead-letter record of every
    /// message whose retries ran out (see <see cref="DeadLetterRecorder"/> and <see cref="DeadLettersApi"/>). Queues are prefixed with
    /// <paramref name="serviceName"/> so each service gets its own copy of every event; configuration
    /// <c>Messaging:QueuePrefix</c> overrides the prefix, so several instances of one service under test
    /// against one broker each get their own copy instead of competing for it.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="serviceName">Prefix of the service's queues.</param>
    /// <param name="consumers">Registers the service's consumers.</param>
    /// <param name="inboxExemptions">Consumers that record their messages in the inbox themselves (see <see cref="InboxExemptions"/>).</param>
    public static IHostApplicationBuilder AddMessaging<TContext>(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null, Action<InboxExemptions>? inboxExemptions = null)
        where TContext : DbContext
    {
        var services = builder.Services;
        var exemptions = new InboxExemptions();
        inboxExemptions?.Invoke(exemptions);
        services.AddSingleton(exemptions);
        services.AddOptions<OutboxOptions>().BindConfiguration("Messaging:Outbox");
        services.AddHostedService<OutboxDispatcher<TContext>>();
        services.AddScoped(sp => new InboxDbContext(sp.GetRequiredService<TContext>()));
        var faults = FaultInjection.FromConfiguration(builder.Configuration);
        if (faults is not null)
        {
            services.TryAddSingleton(faults);
        }
        services.AddSingleton<ErrorQueues>();

        // Readiness: MassTransit's own bus check keeps reporting its endpoints as they were while the broker is
        // gone, so /health also asks the broker itself.
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("messaging-broker", tags: ["ready"]);
        services.AddScoped<DeadLetters>();

        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} (the RabbitMQ URI) is not configured.");

        // Stopping waits for the consumers in flight (their messages are acknowledged once done) as long as the host waits.
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<HostOptions>>((bus, host) => bus.StopTimeout ??= host.Value.ShutdownTimeout);

        services.AddMassTransit(bus =>
        {
            var queuePrefix = builder.Configuration["Messaging:QueuePrefix"] ?? serviceName;
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(queuePrefix, includeNamespace: false));
            consumers?.Invoke(bus);


            // A message whose retries ran out is recorded as a dead letter, then faulted and moved to <queue>_error as usual.
            bus.AddConfigureEndpointsCallback((registration, _, endpoint) => endpoint.ConfigureError(error =>
            {
                error.UseFilter(new DeadLetterRecorder(
                    registration.GetRequiredService<IServiceScopeFactory>(),
                    typeof(TContext),
                    registration.GetRequiredService<TimeProvider>(),
                    registration.GetRequiredService<ILogger<DeadLetterRecorder>>()));
                error.UseFilter(new GenerateFaultFilter());
                error.UseFilter(new ErrorTransportFilter());
            }));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
                rabbit.UseConsumeFilter(typeof(InboxFilter<>), context);
                if (faults is not null)
                {
                    rabbit.UseConsumeFilter(typeof(FaultConsumeFilter<>), context);
                }

                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
