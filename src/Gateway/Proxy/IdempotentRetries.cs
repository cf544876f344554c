using System.Net;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Collections.Gateway.Proxy;

/// <summary>How the gateway retries a forwarded read that a service could not answer.</summary>
public sealed class IdempotentRetryOptions
{
    public const string Section = "Gateway:Retry";

    /// <summary>Tries in all, the first included; 1 turns retries off.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry; each further retry waits this much longer.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// Retries a forwarded GET or HEAD without a body when the service could not be reached (the connection failed
/// or broke before a response) or answered 502/503 — a restarting instance, a moment without its database. Only
/// these methods: they change nothing, so sending them twice is harmless. POST, PUT, PATCH and DELETE are sent
/// once, whatever happens; their callers retry with an idempotency key where the API offers one.
/// </summary>
internal sealed class IdempotentRetryHandler(HttpMessageHandler inner, IdempotentRetryOptions options, ILogger logger) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsRetriable(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= options.MaxAttempts;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (last || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable))
                {
                    return response;
                }

                logger.LogInformation("{Method} {Uri} answered {Status} on attempt {Attempt}; retrying", request.Method, request.RequestUri, (int)response.StatusCode, attempt);
                response.Dispose();
            }
            catch (HttpRequestException ex) when (!last && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "{Method} {Uri} failed on attempt {Attempt}; retrying", request.Method, request.RequestUri, attempt);
            }

            await Task.Delay(options.Backoff * attempt, cancellationToken);
        }
    }

    private static bool IsRetriable(HttpRequestMessage request) =>
        (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) && request.Content is null;
}

/// <summary>YARP's HTTP client for the services, with <see cref="IdempotentRetryHandler"/> in front.</summary>
internal sealed class IdempotentRetryForwarderHttpClientFactory(
    ILogger<ForwarderHttpClientFactory> logger, IOptions<IdempotentRetryOptions> options) : ForwarderHttpClientFactory(logger)
{
    private readonly ILogger logger = logger;

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new IdempotentRetryHandler(base.WrapHandler(context, handler), options.Value, logger);
}

public static class IdempotentRetryExtensions
{
    /// <summary>Retries forwarded reads as <see cref="IdempotentRetryHandler"/> describes; settings under <c>Gateway:Retry</c>.</summary>
    public static IReverseProxyBuilder AddIdempotentRetries(this IReverseProxyBuilder proxy)
    {
        proxy.Services.AddOptions<IdempotentRetryOptions>().BindConfiguration(IdempotentRetryOptions.Section);
        proxy.Services.AddSingleton<IForwarderHttpClientFactory, IdempotentRetryForwarderHttpClientFactory>();
        return proxy;
    }
}
