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
            await context.Response.WriteAsJsonAsync(request);
        });
        await app.StartAsync();
        Address = new Uri(app.Urls.Single());
    }

    /// <summary>Whether any request for <paramref name="path"/> arrived.</summary>
    public bool HasReceived(string path) => Received.Any(r => r.Path == path);

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
