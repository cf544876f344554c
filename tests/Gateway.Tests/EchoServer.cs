using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collections.Gateway.Tests;

/// <summary>
/// Stands in for a service behind the gateway: a real Kestrel server on a loopback port that answers
/// every request with the method, path and headers it received, and remembers each request.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private WebApplication? app;

    private readonly ConcurrentDictionary<string, (EchoFailure Failure, int Remaining)> failures = new();

    public ConcurrentQueue<EchoedRequest> Received { get; } = new();

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Run(async context =>
        {
            var request = new EchoedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            Received.Enqueue(request);
            if (TakeFailure(request.Path) is { } failure)
            {
                if (failure == EchoFailure.DropConnection)
                {
                    context.Abort();
                    return;
                }

                context.Response.StatusCode = (int)failure;
                return;
            }

            await context.Response.WriteAsJsonAsync(request);
        });
        await app.StartAsync();
        Address = new Uri(app.Urls.Single());
    }

    /// <summary>The next <paramref name="times"/> requests for <paramref name="path"/> fail with <paramref name="failure"/>.</summary>
    public void FailNext(string path, int times, EchoFailure failure) => failures[path] = (failure, times);

    /// <summary>How many requests for <paramref name="path"/> arrived.</summary>
    public int CountReceived(string path) => Received.Count(r => r.Path == path);

    /// <summary>Whether any request for <paramref name="path"/> arrived.</summary>
    public bool HasReceived(string path) => Received.Any(r => r.Path == path);

    private EchoFailure? TakeFailure(string path)
    {
        while (failures.TryGetValue(path, out var pending) && pending.Remaining > 0)
        {
            if (failures.TryUpdate(path, pending with { Remaining = pending.Remaining - 1 }, pending))
            {
                return pending.Failure;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

/// <summary>A request as the echo server saw it; header names lower-case.</summary>
public sealed record EchoedRequest(string Method, string Path, Dictionary<string, string> Headers);

/// <summary>How the echo server fails a request: drops the connection without answering, or answers a status.</summary>
public enum EchoFailure
{
    DropConnection = 0,
    BadGateway = 502,
    ServiceUnavailable = 503,
}
