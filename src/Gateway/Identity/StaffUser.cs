namespace Collections.Gateway.Identity;

/// <summary>A person working for a tenant: agent, senior agent, supervisor, compliance officer or admin.</summary>
public sealed class StaffUser
{
    /// <summary>Failed password sign-ins in a row before the user is locked out for <see cref="LockoutDuration"/>.</summary>
    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private StaffUser()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>Sign-in name, stored lower-case; unique within the tenant.</summary>
    public string Email { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public List<string> Roles { get; private set; } = [];

    public string PasswordHash { get; private set; } = "";

    public bool IsDisabled { get; private set; }

    public int FailedSignIns { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static StaffUser Create(Guid tenantId, string email, string displayName, IEnumerable<string> roles, string passwordHash, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        Email = email.Trim().ToLowerInvariant(),
        DisplayName = displayName.Trim(),
        Roles = [.. roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        PasswordHash = passwordHash,
        CreatedAt = now,
    };

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public void SignedIn()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    public void FailedSignIn(DateTimeOffset now)
    {
        FailedSignIns++;
        if (FailedSignIns >= MaxFailedSignIns)
        {
            LockedUntil = now + LockoutDuration;
            FailedSignIns = 0;
        }
    }

    public void ChangeRoles(IEnumerable<string> roles) => Roles = [.. roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public void ChangePassword(string passwordHash) => PasswordHash = passwordHash;

    public void Disable() => IsDisabled = true;

    public void Enable() => IsDisabled = false;
}
