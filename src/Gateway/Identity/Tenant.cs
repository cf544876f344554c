namespace Collections.Gateway.Identity;

/// <summary>An agency, or a creditor's in-house collections department, running its collections on the platform.</summary>
public sealed class Tenant
{
    private Tenant()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Short unique name staff and consumers sign in with, e.g. "northwind-recovery".</summary>
    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public TenantKind Kind { get; private set; }

    public TenantStatus Status { get; private set; }

    public RateLimits RateLimits { get; private set; } = RateLimits.Default;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? OffboardedAt { get; private set; }

    public bool IsActive => Status == TenantStatus.Active;

    public static Tenant Onboard(string slug, string name, TenantKind kind, RateLimits rateLimits, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Slug = slug,
        Name = name,
        Kind = kind,
        Status = TenantStatus.Active,
        RateLimits = rateLimits,
        CreatedAt = now,
    };

    public void ChangeRateLimits(RateLimits limits) => RateLimits = limits;

    /// <summary>Ends the tenant's use of the platform; every credential of it stops working at once.</summary>
    public void Offboard(DateTimeOffset now)
    {
        if (Status == TenantStatus.Offboarded)
        {
            return;
        }

        Status = TenantStatus.Offboarded;
        OffboardedAt = now;
    }
}

public enum TenantKind
{
    Agency,
    Creditor,
}

public enum TenantStatus
{
    Active,
    Offboarded,
}

/// <summary>Requests per minute the gateway lets through per API key and per consumer portal session.</summary>
public sealed record RateLimits(int ApiKeyPerMinute, int ConsumerSessionPerMinute, int StaffUserPerMinute)
{
    public static readonly RateLimits Default = new(600, 60, 1200);

    public const int Max = 100_000;
}
