using Collections.Gateway.Infrastructure;
using Collections.Gateway.Webhooks.Consumers;
using MassTransit;
using Microsoft.AspNetCore.DataProtection;

namespace Collections.Gateway.Webhooks;

/// <summary>Wires client webhooks into the gateway.</summary>
public static class WebhooksExtensions
{
    /// <summary>
    /// Options, the Data Protection key ring (in the gateway database, so every instance and every
    /// restart can read the secrets), and the dispatcher.
    /// </summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<WebhookOptions>()
            .Configure(options => options.AllowInsecureLoopback = isDevelopment)
            .BindConfiguration(WebhookOptions.Section)
            .Validate(options => options.IsValid, "Webhooks: delays and timeouts must be positive, MaxRetryDelay at least FirstRetryDelay, MaxConcurrentDeliveries 1 to 256.")
            .ValidateOnStart();
        builder.Services.AddDataProtection()
            .SetApplicationName("collections-gateway")
            .PersistKeysToDbContext<GatewayDbContext>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddScoped<WebhookDeliveryQueue>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    /// <summary>One consumer per integration event that concerns a client; add the next one here.</summary>
    public static IBusRegistrationConfigurator AddWebhookConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AccountPlacedConsumer>();
        bus.AddConsumer<AccountStatusChangedConsumer>();
        bus.AddConsumer<PaymentPostedConsumer>();
        bus.AddConsumer<PaymentReversedConsumer>();
        bus.AddConsumer<DisputeOpenedConsumer>();
        bus.AddConsumer<DisputeResolvedConsumer>();
        bus.AddConsumer<VerificationDocumentsRequestedConsumer>();
        return bus;
    }
}
