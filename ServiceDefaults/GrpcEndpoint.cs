using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// gRPC needs HTTP/2, and HTTP/2 without TLS (h2c) only works on an endpoint that speaks nothing
/// else. A service that serves gRPC is given a second port in <c>GRPC_PORT</c>; this adds it as an
/// HTTP/2-only Kestrel endpoint beside the usual HTTP/1.1+2 endpoints from <c>ASPNETCORE_URLS</c>.
/// </summary>
public static class GrpcEndpoint
{
    /// <summary>The configuration key holding the port of the HTTP/2-only gRPC endpoint.</summary>
    public const string PortKey = "GRPC_PORT";

    public static TBuilder ConfigureGrpcEndpoint<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var port = builder.Configuration[PortKey];
        if (string.IsNullOrWhiteSpace(port))
        {
            return builder;
        }

        var urls = (builder.Configuration["ASPNETCORE_URLS"] ?? builder.Configuration["URLS"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = new Dictionary<string, string?>();
        for (var i = 0; i < urls.Length; i++)
        {
            endpoints[$"Kestrel:Endpoints:Web{i}:Url"] = urls[i];
        }

        endpoints["Kestrel:Endpoints:Grpc:Url"] = $"http://localhost:{port}";
        endpoints["Kestrel:Endpoints:Grpc:Protocols"] = nameof(HttpProtocols.Http2);
        builder.Configuration.AddInMemoryCollection(endpoints);
        return builder;
    }
}
