using System.Collections.Concurrent;
using Collections.Payments.Domain;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Infrastructure.Sandbox;

/// <summary>
/// An offline processor with deterministic test tokens, so the whole payment flow runs without a
/// real processor: approvals, declines, insufficient funds, and ACH debits returned days later.
/// </summary>
public sealed class SandboxPaymentProcessor(TimeProvider clock, IOptions<PaymentsOptions> options) : IPaymentProcessor
{
    private readonly ConcurrentDictionary<string, ChargeOutcome> chargesByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(DateTimeOffset DueAt, LaterChargeOutcome Outcome)> returns = new();
    private int charges;

    /// <summary>How many distinct charges were made (idempotent replays not counted).</summary>
    public int ChargeCount => Volatile.Read(ref charges);

    public Task<ChargeOutcome> ChargeAsync(string token, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(chargesByKey.GetOrAdd(idempotencyKey, _ => Charge(token)));

    public Task<IReadOnlyList<LaterChargeOutcome>> LaterOutcomesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<LaterChargeOutcome> due = [.. returns.Where(r => r.DueAt <= now).Select(r => r.Outcome)];
        return Task.FromResult(due);
    }

    private ChargeOutcome Charge(string token)
    {
        if (SandboxTokens.Find(token) is not { } test)
        {
            return new ChargeDeclined("invalid_token");
        }

        if (test.DeclineCode is { } code)
        {
            return new ChargeDeclined(code);
        }

        Interlocked.Increment(ref charges);
        var chargeId = $"ch_sandbox_{Guid.NewGuid():N}";
        if (test.ReturnCode is { } returnCode)
        {
            returns.Enqueue((clock.GetUtcNow() + options.Value.Sandbox.AchReturnDelay, new LaterChargeOutcome($"evt_sandbox_{Guid.NewGuid():N}", chargeId, $"ach-return:{returnCode}")));
        }

        return new ChargeApproved(chargeId, test.Brand, test.LastFour, test.Method == PaymentMethodKind.Ach);
    }
}
