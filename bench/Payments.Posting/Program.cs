using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Collections.BuildingBlocks.Security;
using Microsoft.Extensions.DependencyInjection;

// Posting one-time payments with idempotency keys at 16 concurrent clients, through the gateway and, in the
// same run, straight to the Payments service with the identity token the gateway would have forwarded, so the
// gateway's share of the latency is visible. The whole platform runs from the AppHost on loopback.
const int Concurrency = 16;
var warmUp = TimeSpan.FromSeconds(10);
var round = TimeSpan.FromSeconds(20);
const int Rounds = 2;

using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(12));
var cancel = overall.Token;

// The bench signs the services' caller tokens itself (as the gateway does) with a key pair it gives both.
using var callerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(cancel);
foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
{
    var resource = builder.CreateResourceBuilder(project)
        .WithEnvironment("Security__Internal__PublicKey", callerKey.ExportSubjectPublicKeyInfoPem());
    if (project.Name == "gateway")
    {
        resource.WithEnvironment("Security__Internal__PrivateKey", callerKey.ExportPkcs8PrivateKeyPem());
    }

    // Request logging at Information would dominate a throughput run; warnings and errors still show.
    resource.WithEnvironment("Logging__LogLevel__Default", "Warning");
}

Console.WriteLine("Starting the platform (containers, services, gateway)...");
var startup = Stopwatch.StartNew();
await using var app = await builder.BuildAsync(cancel);
await app.StartAsync(cancel);
await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancel);
Console.WriteLine($"Platform up in {startup.Elapsed.TotalSeconds:F0} s.");

var platformKey = await ParameterAsync(app, "platform-admin-key", cancel);
using var gateway = app.CreateHttpClient("gateway");
using var direct = app.CreateHttpClient("payments");
gateway.Timeout = direct.Timeout = TimeSpan.FromSeconds(30);

// A tenant as an agency onboards: operator creates it, its admin signs in, raises the rate limits for the run,
// creates a client and its API key, and the client places the accounts to pay.
var slug = $"bench-{Guid.NewGuid():N}"[..20];
var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
var operatorRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/platform/tenants")
{
    Content = JsonContent.Create(new { slug, name = "Bench Agency", kind = "Agency", admin = new { email = $"admin@{slug}.example", displayName = "Bench Admin", password } }),
};
operatorRequest.Headers.Add("X-Api-Key", platformKey);
var tenant = await Json(await gateway.SendAsync(operatorRequest, cancel), cancel);
var tenantId = tenant.GetProperty("id").GetGuid();
var tokens = await Json(await gateway.PostAsJsonAsync("/api/v1/auth/token", new { tenant = slug, email = $"admin@{slug}.example", password }, cancel), cancel);
var staffToken = tokens.GetProperty("accessToken").GetString()!;
var staffSubject = Subject(staffToken);
await Json(await Send(gateway, HttpMethod.Put, "/api/v1/admin/rate-limits", staffToken, new { apiKeyPerMinute = 100_000, consumerSessionPerMinute = 100_000, staffUserPerMinute = 100_000 }, cancel), cancel);
var client = await Json(await Send(gateway, HttpMethod.Post, "/api/v1/admin/clients", staffToken, new { name = "Bench Creditor" }, cancel), cancel);
var clientId = client.GetProperty("id").GetGuid();
var apiKey = (await Json(await Send(gateway, HttpMethod.Post, $"/api/v1/admin/clients/{clientId}/api-keys", staffToken, new { name = "bench" }, cancel), cancel)).GetProperty("key").GetString()!;

var accounts = new List<Guid>();
for (var i = 0; i < Concurrency * 2; i++)
{
    var placement = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts/accounts")
    {
        Content = JsonContent.Create(new
        {
            clientReference = $"BENCH-{i:D3}",
            originalCreditor = "Bench Bank",
            consumer = new { firstName = "Pat", lastName = $"Payer{i}", dateOfBirth = "1980-01-01", postalCode = "02139" },
            jurisdiction = "NY",
            currency = "USD",
            principal = 900_000m,
            interest = 0m,
            fees = 0m,
        }),
    };
    placement.Headers.Add("X-Api-Key", apiKey);
    accounts.Add((await Json(await gateway.SendAsync(placement, cancel), cancel)).GetProperty("id").GetGuid());
}

// Payments learns of each account from AccountPlaced; wait until it knows them all.
foreach (var accountId in accounts)
{
    var deadline = Stopwatch.StartNew();
    while ((await Send(gateway, HttpMethod.Get, $"/api/v1/payments/accounts/{accountId}", staffToken, null, cancel)).StatusCode != HttpStatusCode.OK)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(2))
        {
            throw new TimeoutException($"Payments never learnt of account {accountId}.");
        }

        await Task.Delay(200, cancel);
    }
}

// Direct requests carry the identity the gateway forwards for this staff user, minted per request as the gateway does.
var issuer = new InternalTokenIssuer(callerKey, TimeProvider.System);
Claim[] staffClaims =
[
    new(CallerClaims.Subject, staffSubject),
    new(CallerClaims.Actor, ActorKinds.Staff),
    new(CallerClaims.TenantId, tenantId.ToString()),
    new(CallerClaims.Role, Roles.Admin),
    new(CallerClaims.Credential, "bench"),
];
var throughGateway = new Target("gateway", gateway, () => staffToken, accounts[..Concurrency]);
var straight = new Target("direct", direct, () => issuer.Issue(staffClaims), accounts[Concurrency..]);

Console.WriteLine($"Warm-up {warmUp.TotalSeconds:F0} s each...");
await RunAsync(throughGateway, warmUp, cancel);
await RunAsync(straight, warmUp, cancel);
var results = new Dictionary<string, List<Sample>> { ["gateway"] = [], ["direct"] = [] };
var seconds = new Dictionary<string, double> { ["gateway"] = 0, ["direct"] = 0 };
for (var r = 0; r < Rounds; r++)
{
    foreach (var target in new[] { throughGateway, straight })
    {
        var (samples, elapsed) = await RunAsync(target, round, cancel);
        results[target.Name].AddRange(samples);
        seconds[target.Name] += elapsed.TotalSeconds;
        Console.WriteLine($"Round {r + 1} {target.Name}: {samples.Count(s => s.Created) / elapsed.TotalSeconds:F1} payments/s");
    }
}

var gatewayStats = Stats.Of(results["gateway"], seconds["gateway"]);
var directStats = Stats.Of(results["direct"], seconds["direct"]);
var ratio = gatewayStats.PerSecond / directStats.PerSecond;
var report = string.Create(CultureInfo.InvariantCulture, $"""
    # Payments posting: through the gateway and direct

    gateway_vs_direct: {ratio:F2}

    | Path | Payments posted | Payments/s | p50 ms | p99 ms | Non-201 answers |
    | --- | ---: | ---: | ---: | ---: | ---: |
    | Gateway (`/api/v1/payments/...` with a staff access token) | {gatewayStats.Posted} | {gatewayStats.PerSecond:F1} | {gatewayStats.P50:F1} | {gatewayStats.P99:F1} | {gatewayStats.Failed} |
    | Direct to Payments (caller token minted per request) | {directStats.Posted} | {directStats.PerSecond:F1} | {directStats.P50:F1} | {directStats.P99:F1} | {directStats.Failed} |

    - `gateway_vs_direct` is payments/s through the gateway ÷ payments/s direct.
    - {Concurrency} concurrent clients, each paying its own account (card, 1.00 USD, `tok_visa_approve` on the sandbox processor) with a fresh `Idempotency-Key` per request; {Rounds} alternating rounds of {round.TotalSeconds:F0} s per path after a {warmUp.TotalSeconds:F0} s warm-up each. Latency is per request, client side.
    - Each posting runs the idempotency insert, the account row lock, the charge, the journal, the receipt (its per-tenant number serializes postings of one tenant until commit) and the outbox event in one transaction; all payments here are one tenant's, so this is a single tenant's posting rate.
    - The whole platform from the AppHost (PostgreSQL, RabbitMQ, the five services, the gateway) on loopback, services logging at Warning; the gateway authenticates the staff token, rate-limits, mints the caller token and proxies.
    - Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; load average at the end: {LoadAverage()} (the bench, database, broker and services share the machine with other work).
    - Run: `set -a; . artifacts/containers.env; set +a; dotnet run -c Release --project bench/Payments.Posting` (container images as for the AppHost; stops itself after 12 minutes at most).

    """);

var output = Path.Combine(RepositoryRoot(), "bench", "results", "payments-posting.md");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report, CancellationToken.None);
Console.Write(report);
Console.WriteLine($"Written to {output}");
await app.StopAsync(CancellationToken.None);

static async Task<(List<Sample> Samples, TimeSpan Elapsed)> RunAsync(Target target, TimeSpan duration, CancellationToken cancellationToken)
{
    var samples = new List<Sample>();
    var clock = Stopwatch.StartNew();
    var workers = target.Accounts.Select(async accountId =>
    {
        var mine = new List<Sample>();
        while (clock.Elapsed < duration)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payments/accounts/{accountId}/payments")
            {
                Content = JsonContent.Create(new { amount = 1.00m, currency = "USD", paymentToken = "tok_visa_approve", method = "card" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Token());
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var started = Stopwatch.GetTimestamp();
            using var response = await target.Http.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            mine.Add(new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.StatusCode == HttpStatusCode.Created));
        }

        return mine;
    }).ToList();
    foreach (var worker in await Task.WhenAll(workers))
    {
        samples.AddRange(worker);
    }

    return (samples, clock.Elapsed);
}

static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, object? body, CancellationToken cancellationToken)
{
    using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return await http.SendAsync(request, cancellationToken);
}

static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken cancellationToken)
{
    var text = await response.Content.ReadAsStringAsync(cancellationToken);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {text}");
    }

    return JsonDocument.Parse(text).RootElement.Clone();
}

// The staff user's id as the gateway forwards it: the access token's subject.
static string Subject(string accessToken)
{
    if (accessToken.Split('.').Length != 3)
    {
        return "bench-staff";
    }

    var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
    payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
    using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
    return json.RootElement.GetProperty("sub").GetString()!;
}

static async Task<string> ParameterAsync(DistributedApplication app, string name, CancellationToken cancellationToken)
{
    var model = app.Services.GetRequiredService<DistributedApplicationModel>();
    var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
    return await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"Parameter {name} has no value.");
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository: Platform.sln was not found above the current directory.");
}

/// <summary>Where requests go: a name, an HTTP client, the bearer token each request carries and the accounts its workers pay.</summary>
internal sealed record Target(string Name, HttpClient Http, Func<string> Token, List<Guid> Accounts);

/// <summary>One request's latency and whether it posted a payment.</summary>
internal readonly record struct Sample(double Milliseconds, bool Created);

/// <summary>Throughput and latency percentiles of a path over all its rounds.</summary>
internal sealed record Stats(int Posted, int Failed, double PerSecond, double P50, double P99)
{
    public static Stats Of(List<Sample> samples, double seconds)
    {
        var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
        var posted = samples.Count(s => s.Created);
        return new Stats(posted, samples.Count - posted, posted / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    // Nearest rank.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
