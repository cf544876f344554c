using System.Net;

namespace Collections.Gateway.Security;

/// <summary>
/// The address of the client behind a request, for per-address limits. The web front end calls the gateway for
/// every browser (sign-ins, refreshes), so its own address would put all of them in one partition: a request from
/// a known proxy (<c>Gateway:KnownProxies</c>, the front end's addresses) is taken to be from the last address
/// that proxy added to <c>X-Forwarded-For</c>. From any other caller the header is ignored, so it cannot be forged
/// to escape a limit.
/// </summary>
public sealed class ClientAddresses
{
    public const string ConfigSection = "Gateway:KnownProxies";
    private const string ForwardedFor = "X-Forwarded-For";

    private readonly HashSet<IPAddress> knownProxies;

    public ClientAddresses(IConfiguration configuration)
    {
        knownProxies = [];
        foreach (var entry in configuration.GetSection(ConfigSection).GetChildren())
        {
            if (!IPAddress.TryParse(entry.Value?.Trim(), out var proxy))
            {
                throw new InvalidOperationException($"{entry.Path} is not an IP address: '{entry.Value}'.");
            }

            knownProxies.Add(Normalized(proxy));
        }
    }

    /// <summary>The client's address: the forwarded one from a known proxy, else the connection's; "unknown" without either.</summary>
    public string Of(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress is { } address ? Normalized(address) : null;
        if (remote is null)
        {
            return "unknown";
        }

        if (knownProxies.Contains(remote) && ForwardedBy(context.Request) is { } client)
        {
            return client.ToString();
        }

        return remote.ToString();
    }

    // Only the right-most entry: the one the proxy itself added. Anything left of it came from the client.
    private static IPAddress? ForwardedBy(HttpRequest request)
    {
        var values = request.Headers[ForwardedFor];
        if (values.Count == 0)
        {
            return null;
        }

        var last = values[^1]?.Split(',').LastOrDefault()?.Trim();
        return IPAddress.TryParse(last, out var client) ? Normalized(client) : null;
    }

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
