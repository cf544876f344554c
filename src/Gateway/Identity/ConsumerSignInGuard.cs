namespace Collections.Gateway.Identity;

/// <summary>
/// Failed consumer portal sign-ins for one account reference of a tenant. After
/// <see cref="MaxFailures"/> failures the reference is locked for <see cref="LockoutDuration"/>,
/// whoever tries, so guessing a date of birth and postal code is not practical.
/// </summary>
public sealed class ConsumerSignInGuard
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private ConsumerSignInGuard()
    {
    }

    public Guid TenantId { get; private set; }

    /// <summary>The account reference, normalized (trimmed, upper-case).</summary>
    public string AccountReference { get; private set; } = "";

    public int Failures { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset LastAttemptAt { get; private set; }

    public static ConsumerSignInGuard For(Guid tenantId, string accountReference) => new()
    {
        TenantId = tenantId,
        AccountReference = Normalize(accountReference),
    };

    public static string Normalize(string accountReference) => accountReference.Trim().ToUpperInvariant();

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public void Failed(DateTimeOffset now)
    {
        LastAttemptAt = now;
        Failures++;
        if (Failures >= MaxFailures)
        {
            LockedUntil = now + LockoutDuration;
            Failures = 0;
        }
    }

    public void Succeeded(DateTimeOffset now)
    {
        LastAttemptAt = now;
        Failures = 0;
        LockedUntil = null;
    }
}
