namespace Collections.Gateway.Identity;

/// <summary>
/// A client business's credential. The key itself is shown once, when created; only its SHA-256
/// hash is stored. Its prefix (e.g. <c>ck_7f3k9q2m</c>) identifies it in logs and the audit trail.
/// </summary>
public sealed class ApiKey
{
    private ApiKey()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    public byte[] Hash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public static ApiKey Create(Guid tenantId, Guid clientId, string name, string prefix, byte[] hash, Guid createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        ClientId = clientId,
        Name = name.Trim(),
        Prefix = prefix,
        Hash = hash,
        CreatedBy = createdBy,
        CreatedAt = now,
    };

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void Used(DateTimeOffset now) => LastUsedAt = now;
}
