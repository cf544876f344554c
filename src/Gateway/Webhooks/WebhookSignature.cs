using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Collections.Gateway.Webhooks;

/// <summary>
/// Signs webhook requests, and verifies them the way a receiver should. The signature is
/// <c>v1=</c> followed by the lower-case hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> (UTF-8), keyed
/// with the UTF-8 bytes of the endpoint's secret. Signing the timestamp with the body lets a receiver
/// refuse a captured request replayed later.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The event id; the same on every attempt and replay, so receivers deduplicate on it.</summary>
    public const string IdHeader = "Collections-Webhook-Id";

    /// <summary>When the request was signed, in Unix seconds.</summary>
    public const string TimestampHeader = "Collections-Webhook-Timestamp";

    /// <summary>One or more comma-separated <c>v1=&lt;hex&gt;</c> signatures; any one that matches is enough.</summary>
    public const string SignatureHeader = "Collections-Webhook-Signature";

    /// <summary>How far a receiver should let the timestamp stray from its own clock.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Scheme = "v1=";
    private const int HashSize = 32;

    /// <summary>The signature header value for <paramref name="body"/> signed at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        return Scheme + Convert.ToHexStringLower(Compute(secret, timestamp, body));
    }

    /// <summary>
    /// True when <paramref name="signatureHeader"/> holds a signature of <paramref name="body"/> and
    /// <paramref name="timestamp"/> made with <paramref name="secret"/>, and the timestamp is within
    /// <paramref name="tolerance"/> of now. <paramref name="body"/> must be the raw request body, before any JSON parsing.
    /// </summary>
    public static bool Verify(string secret, long timestamp, string body, string? signatureHeader, TimeSpan tolerance, TimeProvider? clock = null)
    {
        if (string.IsNullOrEmpty(secret) || body is null || string.IsNullOrEmpty(signatureHeader))
        {
            return false;
        }

        var now = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs((double)now - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Compute(secret, timestamp, body);
        Span<byte> presented = stackalloc byte[HashSize];
        foreach (var part in signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(Scheme, StringComparison.Ordinal)
                && part.Length == Scheme.Length + (2 * HashSize)
                && Convert.FromHexString(part.AsSpan(Scheme.Length), presented, out _, out var written) == OperationStatus.Done
                && written == HashSize
                && CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Compute(string secret, long timestamp, string body) =>
        HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body));
}
