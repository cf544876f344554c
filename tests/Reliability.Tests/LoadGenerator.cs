using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Collections.Reliability.Tests;

/// <summary>A placement the gateway acknowledged (201 or 200 with the account).</summary>
public sealed record AcknowledgedPlacement(string ClientReference, Guid AccountId, decimal Balance);

/// <summary>A payment the gateway acknowledged with 201.</summary>
public sealed record AcknowledgedPayment(string IdempotencyKey, Guid PaymentId, Guid AccountId, decimal Amount);

/// <summary>
/// Places accounts and pays them through the gateway with a client's API key, as a client's system would:
/// every failure (refused connection, timeout, 5xx, 429, 409 while in progress, 404 while Payments has not yet
/// learnt of the account) is retried with the same client reference or the same <c>Idempotency-Key</c> until
/// acknowledged or until the operation's deadline. It records what was acknowledged and what was abandoned.
/// </summary>
public sealed class LoadGenerator(HttpClient gateway, SuiteTenant tenant)
{
    public const decimal PlacedPrincipal = 100_000m;
    private static readonly TimeSpan OperationDeadline = TimeSpan.FromMinutes(3);
    private readonly ConcurrentBag<AcknowledgedPlacement> placements = [];
    private readonly ConcurrentBag<AcknowledgedPayment> payments = [];
    private readonly ConcurrentBag<string> abandoned = [];
    private readonly ConcurrentBag<string> rejected = [];
    private readonly List<Guid> payable = [];
    private readonly ConcurrentDictionary<string, int> failures = new();
    private int sequence;
    private int retries;

    public IReadOnlyCollection<AcknowledgedPlacement> Placements => placements;

    public IReadOnlyCollection<AcknowledgedPayment> Payments => payments;

    /// <summary>Operations given up after their deadline: client reference or idempotency key.</summary>
    public IReadOnlyCollection<string> Abandoned => abandoned;

    /// <summary>Operations answered with a final 4xx, with the answer.</summary>
    public IReadOnlyCollection<string> Rejected => rejected;

    public int Operations => placements.Count + payments.Count + abandoned.Count + rejected.Count;

    public int Retries => retries;

    /// <summary>Failed attempts so far by what failed ("payment 502", "placement HttpRequestException"), for the progress log.</summary>
    public string FailureSummary => string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Key}: {f.Value}"));

    /// <summary>Runs <paramref name="workers"/> clients until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker, stop), CancellationToken.None)));

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            Guid? account = null;
            lock (payable)
            {
                if (payable.Count >= 10 && random.NextDouble() < 0.7)
                {
                    account = payable[random.Next(payable.Count)];
                }
            }

            var n = Interlocked.Increment(ref sequence);
            if (account is { } accountId)
            {
                await PayAsync(accountId, n, stop);
            }
            else
            {
                await PlaceAsync(n, stop);
            }
        }
    }

    private async Task PlaceAsync(int n, CancellationToken stop)
    {
        var reference = $"FS-{n:D6}";
        var body = new
        {
            clientReference = reference,
            originalCreditor = "Fault Suite Bank",
            consumer = new { firstName = "Robin", lastName = $"Retry{n}", dateOfBirth = "1979-06-15", postalCode = "02139" },
            jurisdiction = "NY",
            currency = "USD",
            principal = PlacedPrincipal,
            interest = 0m,
            fees = 0m,
        };
        var answer = await SendUntilAnsweredAsync("placement", () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts/accounts") { Content = JsonContent.Create(body) }, retryNotFound: false, stop);
        switch (answer)
        {
            case { Status: HttpStatusCode.Created or HttpStatusCode.OK, Body: { } json }:
                var id = json.GetProperty("id").GetGuid();
                placements.Add(new AcknowledgedPlacement(reference, id, PlacedPrincipal));
                lock (payable)
                {
                    payable.Add(id);
                }

                break;
            case null:
                abandoned.Add(reference);
                break;
            default:
                rejected.Add($"placement {reference}: {(int)answer.Status} {answer.Text}");
                break;
        }
    }

    private async Task PayAsync(Guid accountId, int n, CancellationToken stop)
    {
        var key = $"fs-{Guid.NewGuid():N}";
        var amount = 1m + (n % 5);
        var body = new { amount, currency = "USD", paymentToken = "tok_visa_approve", method = "card" };
        var answer = await SendUntilAnsweredAsync(
            "payment",
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payments/accounts/{accountId}/payments") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                return request;
            },
            retryNotFound: true,
            stop);
        switch (answer)
        {
            case { Status: HttpStatusCode.Created, Body: { } json }:
                payments.Add(new AcknowledgedPayment(key, json.GetProperty("paymentId").GetGuid(), accountId, amount));
                break;
            case null:
                abandoned.Add(key);
                break;
            default:
                rejected.Add($"payment {key}: {(int)answer.Status} {answer.Text}");
                break;
        }
    }

    /// <summary>The final answer, or null when the operation was abandoned at its deadline or at the end of the run.</summary>
    private async Task<Answer?> SendUntilAnsweredAsync(string what, Func<HttpRequestMessage> create, bool retryNotFound, CancellationToken stop)
    {
        var deadline = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (deadline.Elapsed < OperationDeadline)
        {
            try
            {
                using var request = create();
                request.Headers.Add("X-Api-Key", tenant.ApiKey);
                using var response = await gateway.SendAsync(request, CancellationToken.None);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                var status = response.StatusCode;
                var retry = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or HttpStatusCode.RequestTimeout
                    || (retryNotFound && status == HttpStatusCode.NotFound);
                if (!retry)
                {
                    return new Answer(status, text, response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : null);
                }

                failures.AddOrUpdate($"{what} {(int)status}", 1, (_, n) => n + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // The gateway or the service is down or too slow: the client does not know whether it happened, so it retries.
                failures.AddOrUpdate($"{what} {ex.GetType().Name}", 1, (_, n) => n + 1);
            }

            // Once the run is over, an operation still failing is given up rather than retried for minutes more.
            if (stop.IsCancellationRequested && deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                break;
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(delay, CancellationToken.None);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2_000));
        }

        return null;
    }

    private sealed record Answer(HttpStatusCode Status, string Text, JsonElement? Body);
}
