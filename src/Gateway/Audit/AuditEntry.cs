using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Collections.Gateway.Audit;

/// <summary>
/// One state-changing request: who (user, API key or consumer session), what, when, from where and
/// with what outcome. Entries of a tenant form a hash chain: each hash covers the entry and the hash
/// before it, so changing or deleting an entry breaks every hash after it.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The chain of requests that belong to no tenant (platform operations, failed sign-ins).</summary>
    public static readonly Guid PlatformChain = Guid.Empty;

    private AuditEntry()
    {
    }

    public long Id { get; private set; }

    /// <summary>The tenant's chain this entry belongs to.</summary>
    public Guid TenantId { get; private set; }

    /// <summary>Position in the tenant's chain, from 1.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; } = "";

    public string Subject { get; private set; } = "";

    /// <summary>The API key prefix or session id used; never a secret.</summary>
    public string Credential { get; private set; } = "";

    public string Method { get; private set; } = "";

    public string Path { get; private set; } = "";

    public int StatusCode { get; private set; }

    public string RemoteAddress { get; private set; } = "";

    public string CorrelationId { get; private set; } = "";

    public byte[] PreviousHash { get; private set; } = [];

    public byte[] Hash { get; private set; } = [];

    public static AuditEntry Append(AuditRecord record, long sequence, byte[] previousHash)
    {
        var entry = new AuditEntry
        {
            TenantId = record.TenantId,
            Sequence = sequence,
            At = ToStoredPrecision(record.At),
            Actor = record.Actor,
            Subject = record.Subject,
            Credential = record.Credential,
            Method = record.Method,
            Path = record.Path,
            StatusCode = record.StatusCode,
            RemoteAddress = record.RemoteAddress,
            CorrelationId = record.CorrelationId,
            PreviousHash = previousHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>
    /// PostgreSQL keeps timestamps to the microsecond: the hash must cover the time as it is read
    /// back, or every entry whose clock reading had sub-microsecond ticks would fail verification.
    /// </summary>
    private static DateTimeOffset ToStoredPrecision(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>SHA-256 over the previous hash and a canonical serialization of the entry's fields.</summary>
    public byte[] ComputeHash()
    {
        var canonical = JsonSerializer.Serialize(new object[]
        {
            TenantId, Sequence, At.ToUniversalTime().ToString("O"), Actor, Subject, Credential, Method, Path, StatusCode, RemoteAddress, CorrelationId,
        });
        return SHA256.HashData([.. PreviousHash, .. Encoding.UTF8.GetBytes(canonical)]);
    }
}

/// <summary>What the gateway knows of a finished request, before it is chained.</summary>
public sealed record AuditRecord(
    Guid TenantId,
    DateTimeOffset At,
    string Actor,
    string Subject,
    string Credential,
    string Method,
    string Path,
    int StatusCode,
    string RemoteAddress,
    string CorrelationId);
