using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Collections.Web.Gateway;

/// <summary>
/// The browser's address, passed on to the gateway: its sign-in limits are per client address, and without it every
/// browser would share the front end's. The front end learns the address from the gateway it is served through
/// (<c>X-Forwarded-For</c>, trusted only from loopback or <c>Web:KnownProxies</c>) and sends it on in the same header;
/// the gateway trusts that header only from the front end's addresses (its <c>Gateway:KnownProxies</c>).
/// </summary>
public static class ClientAddressForwarding
{
    public const string KnownProxiesSection = "Web:KnownProxies";

    /// <summary>Takes the client address from the last <c>X-Forwarded-For</c> entry when a known proxy (the gateway) sent it.</summary>
    public static IApplicationBuilder UseClientAddressFromGateway(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        var configured = app.Configuration.GetSection(KnownProxiesSection).GetChildren().Select(p => p.Value).ToList();
        if (configured.Count > 0)
        {
            // Replaces the defaults (loopback): only the listed gateways are believed.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in configured)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy?.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"{KnownProxiesSection} holds '{proxy}', which is not an IP address."));
            }
        }

        return app.UseForwardedHeaders(options);
    }

    /// <summary>Sets <c>X-Forwarded-For</c> on a call to the gateway to the address of the browser whose request is being served.</summary>
    public sealed class Handler(IHttpContextAccessor accessor) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("X-Forwarded-For");
            if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
            {
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
