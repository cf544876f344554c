using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Collections.IntegrationTesting;

namespace Collections.EndToEnd.Tests.Hostile;

/// <summary>
/// The hostile-input suite runs alone: its sign-in attempts count against the per-address sign-in limit,
/// which would otherwise refuse the other tests' sign-ins.
/// </summary>
[CollectionDefinition(nameof(HostileInputCollection), DisableParallelization = true)]
public sealed class HostileInputCollection;

/// <summary>
/// Generated hostile requests against every public operation of the OpenAPI documents the gateway serves,
/// each with a credential of the kind the operation accepts so the request reaches validation. Every answer
/// must be a 4xx RFC 9457 problem (or a 2xx where the request may be valid), never a 5xx or a hang, and a
/// batch of refused requests must leave the tenant's rows in every database exactly as they were.
/// HOSTILE_REQUESTS sets how many requests to send (default 1 200; the full run uses 12 000).
/// </summary>
[Collection(nameof(HostileInputCollection))]
public sealed class HostileInputTests(PlatformApp platform)
{
    private const int DefaultRequests = 1_200;
    private const int BatchSize = 60;
    private const int Concurrency = 6;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Databases = ["accountsdb", "outreachdb", "paymentsdb", "disputesdb", "reportingdb", "gatewaydb"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_generated_hostile_request_gets_a_problem_never_a_5xx_a_hang_or_a_changed_state()
    {
        var target = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_REQUESTS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultRequests;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        var clock = Stopwatch.StartNew();
        var world = await HostileWorld.CreateAsync(platform);
        using var gateway = platform.Gateway();
        gateway.Timeout = Timeout.InfiniteTimeSpan;

        var operations = await HostileSurface.LoadAsync(gateway, Cancel);
        var credentials = new Dictionary<HostileOperation, Credential>();
        foreach (var operation in operations)
        {
            credentials[operation] = await world.CredentialForAsync(gateway, operation);
        }

        // Writes that may be valid (and so may be accepted) go last, in batches of their own, so that the batches before
        // them hold only requests that must not change anything and each of those batches is checked.
        var cases = Plan(operations, target, new Random(seed))
            .OrderBy(c => c.Operation.IsWrite && !c.MustReject ? 1 : 0)
            .ToList();
        var fingerprint = new StateFingerprint(await ConnectionStringsAsync());
        var results = new ConcurrentBag<Outcome>();
        var stateChanges = new List<string>();
        int checkedBatches = 0, uncheckedBatches = 0;
        IReadOnlyDictionary<string, string>? before = null;

        for (var start = 0; start < cases.Count; start += BatchSize)
        {
            if (await world.RefreshIfDueAsync())
            {
                before = null;
            }

            before ??= await fingerprint.SettledAsync(world.Tenant.Id, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Cancel);
            var batch = cases.Skip(start).Take(BatchSize).ToList();
            var outcomes = new ConcurrentBag<Outcome>();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = Cancel }, async (hostile, _) =>
                outcomes.Add(await SendAsync(gateway, world, credentials[hostile.Operation], hostile)));
            foreach (var outcome in outcomes)
            {
                results.Add(outcome);
            }

            var after = await fingerprint.TakeAsync(world.Tenant.Id, Cancel);
            if (outcomes.Any(o => o.Status is >= 200 and < 300 && o.Case.Operation.IsWrite))
            {
                // A write this batch sent was valid and accepted: its change is expected, so this batch proves nothing.
                uncheckedBatches++;
                before = null;
                continue;
            }

            checkedBatches++;
            var differences = StateFingerprint.Differences(before, after);
            if (differences.Count > 0)
            {
                stateChanges.Add($"batch {start / BatchSize} (all writes refused) changed {string.Join(", ", differences)}; its writes: " +
                    string.Join("; ", outcomes.Where(o => o.Case.Operation.IsWrite).Select(o => $"{o.Case} → {o.Status}").Take(20)));
                before = null;
            }
            else
            {
                before = after;
            }
        }

        // The check can fail: one valid write of the tenant (a new client) changes the fingerprint.
        var quiet = await fingerprint.SettledAsync(world.Tenant.Id, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Cancel);
        using (var newClient = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/clients") { Content = JsonContent.Create(new { name = "Fingerprint check" }) })
        {
            world.Apply(Credential.Admin, newClient);
            await Expect.Status(await gateway.SendAsync(newClient, Cancel), 201);
        }

        var sensed = StateFingerprint.Differences(quiet, await fingerprint.TakeAsync(world.Tenant.Id, Cancel));

        var all = results.ToList();
        var serverErrors = all.Where(o => o.Status >= 500).ToList();
        var hangs = all.Where(o => o.Status == 0).ToList();
        var protocolRefusals = all.Where(o => o.Status is >= 400 and < 500 && !o.IsProblem && o.IsProtocolRefusal).ToList();
        var notProblems = all.Where(o => o.Status is >= 400 and < 500 && !o.IsProblem && !o.IsProtocolRefusal).ToList();
        var acceptedInvalid = all.Where(o => o.Status is >= 200 and < 300 && o.Case.MustReject).ToList();
        var otherStatuses = all.Where(o => o.Status is < 0 or > 0 and < 200 or >= 300 and < 400).ToList();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"hostile_suite: requests={all.Count} server_errors={serverErrors.Count}");
        report.AppendLine(CultureInfo.InvariantCulture, $"operations={operations.Count} seed={seed} 4xx={all.Count(o => o.Status is >= 400 and < 500)} 2xx={all.Count(o => o.Status is >= 200 and < 300)} timeouts={hangs.Count} non_problem_4xx={notProblems.Count} refused_by_http_server={protocolRefusals.Count} accepted_invalid={acceptedInvalid.Count} state_batches_checked={checkedBatches} state_batches_skipped={uncheckedBatches} state_changes={stateChanges.Count} fingerprint_sees_a_valid_write={sensed.Count > 0} tables_fingerprinted={fingerprint.TableCount} ({fingerprint.Describe()}) elapsed={clock.Elapsed.TotalSeconds:F0}s");
        foreach (var group in all.GroupBy(o => o.Status).OrderBy(g => g.Key))
        {
            report.Append(CultureInfo.InvariantCulture, $"{group.Key}:{group.Count()} ");
        }

        report.AppendLine();
        foreach (var group in all.GroupBy(o => o.Case.Kind).OrderBy(g => g.Key))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count()} requests, {string.Join(" ", group.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        }

        void List(string title, IEnumerable<Outcome> outcomes)
        {
            foreach (var o in outcomes.Take(200))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"{title}: {o.Case.Operation.Method} {o.Path} [{o.Case.Kind}: {o.Case.Detail}] body: {o.RequestExcerpt} → {o.Status} {o.ResponseExcerpt}");
            }
        }

        List("5xx", serverErrors);
        List("timeout", hangs);
        List("4xx without a problem body", notProblems);
        List("2xx for an invalid request", acceptedInvalid);
        List("unexpected status", otherStatuses);
        foreach (var change in stateChanges)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"state changed: {change}");
        }

        var text = report.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        TestContext.Current.SendDiagnosticMessage(text);
        Console.WriteLine(text);
        var directory = Path.Combine(AppContext.BaseDirectory, "hostile-suite");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.txt"), text, Cancel);

        Assert.True(all.Count >= Math.Min(target, 1_000), $"only {all.Count} requests were sent\n{text}");
        Assert.True(serverErrors.Count == 0 && hangs.Count == 0 && notProblems.Count == 0 && acceptedInvalid.Count == 0 && otherStatuses.Count == 0 && stateChanges.Count == 0, text);
        Assert.True(fingerprint.TableCount >= 40, $"only {fingerprint.TableCount} tables fingerprinted: {fingerprint.Describe()}");
        Assert.True(sensed.Count > 0, "creating a client left the fingerprint unchanged: the state check could not see a change");
        Assert.True(checkedBatches > uncheckedBatches, $"too few batches of refused requests to check the state\n{text}");
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_another_body_is_refused_and_charges_once()
    {
        var world = await HostileWorld.CreateAsync(platform);
        using var client = world.Tenant.WithKey(world.Tenant.Clients[0]);
        var tokenized = await client.PostAsJsonAsync("/api/v1/payments/sandbox/tokens", new { cardNumber = "4242424242424242" }, Cancel);
        await Expect.Status(tokenized, 200);
        var token = (await tokenized.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("token").GetString();
        var key = Guid.NewGuid().ToString();
        var path = $"/api/v1/payments/accounts/{world.AccountId}/payments";

        async Task<HttpResponseMessage> PayAsync(decimal amount, string idempotencyKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { amount, currency = "USD", paymentToken = token, method = "card" }) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await client.SendAsync(request, Cancel);
        }

        var first = await PayAsync(10m, key);
        await Expect.Status(first, 201);
        var accepted = new HashSet<Guid> { (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("paymentId").GetGuid() };

        // A valid but different body under the same key is a 422; an invalid one may be refused by validation first (400).
        // The same body under the same key (a trailing space is trimmed from a header) replays the first payment.
        foreach (var (amount, reused) in new[] { (11m, key), (10.5m, key), (10.001m, key), (-10m, key), (10m, key + " "), (10m, new string('k', 10_000)), (10m, "' OR 1=1 --") })
        {
            var response = await PayAsync(amount, reused);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(Cancel);
            if (reused == key)
            {
                Assert.True(amount is 11m or 10.5m ? status == 422 : status is 400 or 422, $"same key, amount {amount}: {status} {body}");
            }

            if (reused.Length > 255)
            {
                Assert.True(status == 400, $"a 10 000-character key: {status} {body}");
            }

            Assert.True(status < 500, $"key '{HostileCases.Excerpt(reused)}', amount {amount}: {status} {body}");
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            else if (status == 201)
            {
                accepted.Add(JsonDocument.Parse(body).RootElement.GetProperty("paymentId").GetGuid());
            }
        }

        // Only the first key and the one other valid key ("' OR 1=1 --") charged: two payments, each once.
        var payments = await client.GetFromJsonAsync<JsonElement>(path, Cancel);
        Assert.Equal(2, accepted.Count);
        Assert.Equal(accepted.Order(), payments.EnumerateArray().Select(p => p.GetProperty("paymentId").GetGuid()).Order());
    }

    /// <summary>
    /// The hostile requests in the order they are sent: each operation's cases shuffled, then taken round-robin
    /// over operations, so any prefix (the short run) touches every operation. Oversized bodies go to one
    /// write per document. Above the number of distinct cases the list starts again (new random ids each time).
    /// </summary>
    private static List<HostileCase> Plan(IReadOnlyList<HostileOperation> operations, int target, Random random)
    {
        var perOperation = operations
            .Select(o => HostileCases.For(o).Where(c => Allowed(c)).OrderBy(_ => random.Next()).ToList())
            .Where(l => l.Count > 0)
            .ToList();
        var oversized = operations.Where(o => o.JsonBody is not null && o.IsWrite && !o.PathTemplate.Contains("/placements", StringComparison.Ordinal))
            .GroupBy(o => o.Operation.Document).Select(g => HostileCases.Oversized(g.First())).ToList();
        var ordered = new List<HostileCase>(oversized);
        for (var round = 0; perOperation.Any(l => round < l.Count); round++)
        {
            ordered.AddRange(perOperation.Where(l => round < l.Count).Select(l => l[round]));
        }

        var plan = new List<HostileCase>(target);
        while (plan.Count < target)
        {
            plan.AddRange(ordered.Take(target - plan.Count));
        }

        return plan;
    }

    /// <summary>
    /// Requests that may be valid are not sent where a valid one would break the suite itself: lowering the
    /// tenant's rate limits would turn every later request into a 429.
    /// </summary>
    private static bool Allowed(HostileCase hostile) =>
        hostile.MustReject || hostile.Operation.PathTemplate != "/api/v1/admin/rate-limits";

    private static async Task<Outcome> SendAsync(HttpClient gateway, HostileWorld world, Credential credential, HostileCase hostile)
    {
        HttpRequestMessage built;
        try
        {
            built = hostile.Build(world.Ids);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            return new Outcome(hostile, hostile.Operation.PathTemplate, "", -1, false, $"the suite could not build this request: {e.Message}");
        }

        using var request = built;
        var path = request.RequestUri?.OriginalString ?? "";
        var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(Cancel);
        var bodyLength = bytes.Length;
        var requestExcerpt = HostileCases.Excerpt(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200)), 120);
        world.Apply(credential, request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await gateway.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            var isProblem = false;
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                try
                {
                    using var problem = JsonDocument.Parse(body);
                    isProblem = problem.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status && problem.RootElement.TryGetProperty("title", out _);
                }
                catch (JsonException)
                {
                    isProblem = false;
                }
            }

            // Kestrel refuses a request line over 8 KB (414) or a path with an encoded NUL (400) while parsing it,
            // before any middleware runs: such an answer has no body and no application can give it one.
            var protocolRefusal = body.Length == 0 && (status == 414 || (status == 400 && path.Contains("%00", StringComparison.Ordinal)));
            return new Outcome(hostile, path.Length > 160 ? path[..160] + "…" : path, requestExcerpt, status, isProblem, HostileCases.Excerpt(body, 400)) { IsProtocolRefusal = protocolRefusal };
        }
        catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
        {
            return new Outcome(hostile, path, requestExcerpt, 0, false, $"no answer within {RequestTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException e) when (bodyLength > 1024 * 1024)
        {
            // The server may close the connection on a body far over its limit while it is still being sent: a refusal, not an error.
            return new Outcome(hostile, path, requestExcerpt, 413, true, $"connection closed while sending {bodyLength} bytes: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return new Outcome(hostile, path, requestExcerpt, 0, false, $"request failed: {e.Message}");
        }
    }

    private async Task<Dictionary<string, string>> ConnectionStringsAsync()
    {
        var result = new Dictionary<string, string>();
        foreach (var database in Databases)
        {
            result[database] = await platform.App.GetConnectionStringAsync(database, Cancel) ?? throw new InvalidOperationException($"No connection string for {database}.");
        }

        return result;
    }

    private sealed record Outcome(HostileCase Case, string Path, string RequestExcerpt, int Status, bool IsProblem, string ResponseExcerpt)
    {
        public bool IsProtocolRefusal { get; init; }
    }
}

/// <summary>A kind of caller the platform knows.</summary>
public enum Credential
{
    None,
    Platform,
    Admin,
    Client,
    Consumer,
}

/// <summary>
/// The suite's own tenant: an admin, a client with an API key and a placed account whose consumer has a
/// portal session; rate limits raised to the maximum so requests reach validation rather than a 429.
/// Tokens live 15 minutes: they are renewed every 10 minutes, between batches.
/// </summary>
public sealed class HostileWorld
{
    private readonly PlatformApp platform;
    private string adminToken = "";
    private string consumerToken = "";
    private static readonly TimeSpan CredentialLifetime = TimeSpan.FromMinutes(10);
    private DateTimeOffset issued;

    private HostileWorld(PlatformApp platform, TestTenant tenant)
    {
        this.platform = platform;
        Tenant = tenant;
    }

    public TestTenant Tenant { get; }

    public Guid AccountId { get; private set; }

    public string AccountReference { get; private set; } = "";

    public HostileIds Ids { get; private set; } = new(new Dictionary<string, string>());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<HostileWorld> CreateAsync(PlatformApp platform)
    {
        var tenant = await TestTenant.OnboardAsync(platform);
        var world = new HostileWorld(platform, tenant) { adminToken = tenant.AdminToken, issued = DateTimeOffset.UtcNow };
        using var admin = tenant.AsAdmin();
        await Expect.Status(await admin.PutAsJsonAsync("/api/v1/admin/rate-limits", new { apiKeyPerMinute = 100_000, consumerSessionPerMinute = 100_000, staffUserPerMinute = 100_000 }, Cancel), 200);

        using var owner = tenant.WithKey(tenant.Clients[0]);
        world.AccountReference = $"HOS-{Guid.NewGuid():N}"[..16];
        var placed = await owner.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = world.AccountReference,
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Hal", lastName = "Stile", dateOfBirth = "1980-02-29", postalCode = "02139" },
            jurisdiction = "NY",
            currency = "USD",
            principal = 500m,
            interest = 0m,
            fees = 0m,
        }, Cancel);
        await Expect.Status(placed, 201);
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        world.AccountId = body.GetProperty("id").GetGuid();
        foreach (var service in new[] { "outreach", "payments", "disputes" })
        {
            await Eventually.Until(() => owner.GetAsync($"/api/v1/{service}/accounts/{world.AccountId}", Cancel), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), $"{service}'s copy");
        }

        world.Ids = new HostileIds(new Dictionary<string, string>
        {
            ["accountId"] = world.AccountId.ToString(),
            ["consumerId"] = body.GetProperty("consumerId").GetGuid().ToString(),
            ["clientId"] = tenant.Clients[0].Id.ToString(),
            ["keyId"] = tenant.Clients[0].KeyId.ToString(),
        });
        world.consumerToken = await world.ConsumerSignInAsync();

        // A dispute and a complaint of the account, so the operations on them reach their validation instead of a 404.
        var ids = new Dictionary<string, string>(world.Ids.Values);
        using var consumer = tenant.WithToken(world.consumerToken);
        foreach (var (path, name, request) in new (string, string, object)[]
        {
            ($"/api/v1/disputes/accounts/{world.AccountId}/disputes", "disputeId", new { reason = "paid-already", channel = "portal" }),
            ($"/api/v1/disputes/accounts/{world.AccountId}/complaints", "complaintId", new { category = "harassment", description = "They called me at 10 pm." }),
        })
        {
            var created = await consumer.PostAsJsonAsync(path, request, Cancel);
            await Expect.Status(created, 201);
            var json = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            ids[name] = (json.TryGetProperty(name, out var id) ? id : json.GetProperty("id")).GetGuid().ToString();
        }

        world.Ids = new HostileIds(ids);
        return world;
    }

    /// <summary>The first kind of credential the operation does not refuse (401/403) for a request with an empty body and unknown ids.</summary>
    public async Task<Credential> CredentialForAsync(HttpClient gateway, HostileOperation operation)
    {
        if (operation.Operation.IsAnonymous || operation.Operation.IsSelfAuthenticated)
        {
            return Credential.None;
        }

        if (operation.Operation.IsPlatform)
        {
            return Credential.Platform;
        }

        foreach (var credential in new[] { Credential.Admin, Credential.Client, Credential.Consumer })
        {
            using var probe = operation.Operation.Request(operation.Operation.Fill(new Dictionary<string, string>(), Guid.NewGuid().ToString()));
            Apply(credential, probe);
            using var response = await gateway.SendAsync(probe, Cancel);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                return credential;
            }
        }

        return Credential.Admin;
    }

    public void Apply(Credential credential, HttpRequestMessage request)
    {
        switch (credential)
        {
            case Credential.Platform:
                request.Headers.Add("X-Api-Key", platform.PlatformAdminKey);
                break;
            case Credential.Admin:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
                break;
            case Credential.Client:
                request.Headers.Add("X-Api-Key", Tenant.Clients[0].ApiKey);
                break;
            case Credential.Consumer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", consumerToken);
                break;
        }
    }

    /// <summary>Signs in again when the tokens are 10 minutes old; true when it did (the tenant's rows changed: a new refresh token).</summary>
    public async Task<bool> RefreshIfDueAsync()
    {
        if (DateTimeOffset.UtcNow - issued < CredentialLifetime)
        {
            return false;
        }

        var tokens = await SignInWithRetryAsync("/api/v1/auth/token", new { tenant = Tenant.Slug, email = Tenant.AdminEmail, password = Tenant.AdminPassword });
        adminToken = tokens;
        consumerToken = await ConsumerSignInAsync();
        issued = DateTimeOffset.UtcNow;
        return true;
    }

    private Task<string> ConsumerSignInAsync() =>
        SignInWithRetryAsync("/api/v1/auth/consumer", new { tenant = Tenant.Slug, accountReference = AccountReference, dateOfBirth = "1980-02-29", postalCode = "02139" });

    /// <summary>Sign-ins are limited per address; the suite's own hostile sign-ins may have used the minute's allowance.</summary>
    private async Task<string> SignInWithRetryAsync(string path, object body)
    {
        using var anonymous = platform.Gateway();
        for (var attempt = 0; ; attempt++)
        {
            var response = await anonymous.PostAsJsonAsync(path, body, Cancel);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 10)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(10), Cancel);
                continue;
            }

            await Expect.Status(response, 200);
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString()!;
            platform.RememberSecret("hostile suite token", token);
            return token;
        }
    }
}
