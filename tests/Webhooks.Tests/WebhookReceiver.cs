using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collections.Webhooks.Tests;

/// <summary>A client's webhook receiver: a real HTTP server on a random loopback port that records every request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<int, int> answer;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private int calls;

    private WebhookReceiver(WebApplication app, Func<int, int> answer)
    {
        this.app = app;
        this.answer = answer;
    }

    /// <summary>Where to register the endpoint.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>Starts a receiver that answers the n-th request (from 1) with <paramref name="answer"/>(n); 200 by default.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answer ?? (_ => StatusCodes.Status200OK));
        app.MapPost("/hooks", receiver.ReceiveAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Url = $"{app.Urls.Single()}/hooks";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var status = answer(Interlocked.Increment(ref calls));
        received.Enqueue(new ReceivedWebhook(
            request.Headers["Collections-Webhook-Id"].ToString(),
            request.Headers["Collections-Webhook-Timestamp"].ToString(),
            request.Headers["Collections-Webhook-Signature"].ToString(),
            request.ContentType ?? "",
            body,
            status));
        return Results.StatusCode(status);
    }
}

/// <summary>One request as the receiver saw it, and what it answered.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string ContentType, string Body, int AnsweredWith);
