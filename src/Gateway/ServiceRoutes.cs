using Yarp.ReverseProxy.Configuration;

namespace Collections.Gateway;

/// <summary>
/// The gateway's routing table: <c>/api/v1/{service}/…</c> to each service, and each service's
/// OpenAPI document at <c>/openapi/{service}.json</c>. Destinations are service names that
/// service discovery resolves.
/// </summary>
public static class ServiceRoutes
{
    /// <summary>The services behind the gateway; each owns the <c>/api/v1/{name}</c> path space.</summary>
    public static readonly IReadOnlyList<string> Services = ["accounts", "outreach", "payments", "disputes", "reporting"];

    /// <summary>
    /// The web front end (consumer portal, agent workspace, supervisor dashboard) is served under this path.
    /// Its pages are public (each page signs its user in and calls <c>/api/v1</c> with the user's token),
    /// it keeps its own session cookie, and the gateway forwards its paths unchanged to the <c>web</c> service.
    /// </summary>
    public const string WebPathBase = "/app";

    /// <summary>The route id of the web front end (its requests keep their cookies; see <c>CallerForwarding</c>).</summary>
    public const string WebRouteId = "web";

    /// <summary>The largest placement file the gateway forwards (other requests keep the server's 30 MB limit).</summary>
    public const long MaxPlacementBodyBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// The few service endpoints reachable without a platform credential because the service authenticates them
    /// itself: the SMS provider's inbound webhook (the tenant's shared secret) and the email opt-out link (an
    /// HMAC-signed token). Everything else under <c>/api/v1</c> needs a caller.
    /// </summary>
    public static readonly IReadOnlyList<(string RouteId, string Cluster, string Path, string[] Methods)> SelfAuthenticated =
    [
        ("outreach-sms-inbound", "outreach", "/api/v1/outreach/tenants/{tenantId}/sms/inbound", ["POST"]),
        ("outreach-email-opt-outs", "outreach", "/api/v1/outreach/email-opt-outs", ["GET", "POST"]),
    ];

    /// <summary>
    /// The payment processor's tokenization, which the portal's payment form calls straight from the browser
    /// so that card and bank numbers never reach the platform's servers. In the sandbox it is Payments'
    /// tokenization of test numbers: open like a processor's, limited per address like sign-in.
    /// </summary>
    public const string SandboxTokensPath = "/api/v1/payments/sandbox/tokens";

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        // Placement files are large and streamed through to Accounts, which reads them as they arrive.
        new RouteConfig
        {
            RouteId = "accounts-placements",
            ClusterId = "accounts",
            Match = new RouteMatch { Path = "/api/v1/accounts/placements", Methods = ["POST"] },
            AuthorizationPolicy = Security.CallerAuthentication.TenantCallerPolicy,
            MaxRequestBodySize = MaxPlacementBodyBytes,
        },
        .. SelfAuthenticated.Select(route => new RouteConfig
        {
            RouteId = route.RouteId,
            ClusterId = route.Cluster,
            Match = new RouteMatch { Path = route.Path, Methods = route.Methods },
            AuthorizationPolicy = "anonymous",
            Order = -1,
        }),
        new RouteConfig
        {
            RouteId = "payments-sandbox-tokens",
            ClusterId = "payments",
            Match = new RouteMatch { Path = SandboxTokensPath, Methods = ["POST"] },
            AuthorizationPolicy = "anonymous",
            RateLimiterPolicy = Security.GatewayRateLimits.SignInPolicy,
            Order = -1,
        },
        new RouteConfig
        {
            RouteId = WebRouteId,
            ClusterId = "web",
            Match = new RouteMatch { Path = $"{WebPathBase}/{{**rest}}" },
            AuthorizationPolicy = "anonymous",
            // The front end builds its absolute addresses (redirects, Blazor's base URI) from the Host it is
            // called with: it must be the gateway's, or the browser leaves the gateway for the web server's own
            // address and its API calls (the payment form's tokenization) reach the web server instead.
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        },
        .. Services.Select(service => new RouteConfig
        {
            RouteId = $"{service}-api",
            ClusterId = service,
            Match = new RouteMatch { Path = $"/api/v1/{service}/{{**rest}}" },
            AuthorizationPolicy = Security.CallerAuthentication.TenantCallerPolicy,
        }),
        .. Services.Select(service => new RouteConfig
        {
            RouteId = $"{service}-openapi",
            ClusterId = service,
            Match = new RouteMatch { Path = $"/openapi/{service}.json" },
            AuthorizationPolicy = "anonymous",
            Transforms = [new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" }],
        }),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters() =>
    [
        new ClusterConfig
        {
            ClusterId = "web",
            Destinations = new Dictionary<string, DestinationConfig> { ["web"] = new() { Address = "http://web" } },
        },
        .. Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = $"http://{service}" },
            },
        }),
    ];
}
