using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Collections.Gateway.Webhooks;

/// <summary>What came of one request: the receiver's status code, or why there was none.</summary>
public sealed record WebhookResponse(int? StatusCode, string? Error);

/// <summary>Sends one signed webhook request and reports what the receiver answered.</summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly TimeSpan timeout;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        this.clock = clock;
        timeout = options.Value.RequestTimeout;

        // Deliberately not from IHttpClientFactory: the platform's client defaults add retries (the
        // dispatcher has its own schedule and logs each attempt) and service discovery, which would let
        // a client's URL name one of our internal services. Redirects are not followed for the same reason.
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Collections-Webhooks", "1.0"));
    }

    /// <summary>
    /// POSTs the delivery's body to <paramref name="url"/>, signed now with <paramref name="secret"/>.
    /// Throws only when <paramref name="stoppingToken"/> is cancelled; every other outcome is reported.
    /// </summary>
    public async Task<WebhookResponse> SendAsync(string url, string secret, WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Body));

        using var deadline = new CancellationTokenSource(timeout, clock);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
            return new WebhookResponse((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"No response within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException ex)
        {
            return new WebhookResponse(null, ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message);
        }
    }

    public void Dispose() => http.Dispose();
}
