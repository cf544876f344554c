using System.Security.Cryptography;
using System.Text;

namespace Collections.Gateway.Security;

/// <summary>
/// Client API keys look like <c>ck_7f3k9q2m_Q2x…</c>: the public prefix <c>ck_7f3k9q2m</c> finds the
/// key and names it in logs; the 256-bit secret after it is only ever stored as a SHA-256 hash (a
/// slow KDF adds nothing for a random secret of that size, and keys are checked on every request).
/// </summary>
public static class ApiKeyCodec
{
    public const string Scheme = "ck";
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static (string Key, string Prefix, byte[] Hash) Generate()
    {
        var prefix = $"{Scheme}_{RandomNumberGenerator.GetString(Alphabet, 10)}";
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = $"{prefix}_{secret}";
        return (key, prefix, HashOf(key));
    }

    /// <summary>The prefix of a well-formed key, or null for anything else.</summary>
    public static string? PrefixOf(string? key)
    {
        if (key is null || key.Length is < 20 or > 100 || !key.StartsWith(Scheme + "_", StringComparison.Ordinal))
        {
            return null;
        }

        var second = key.IndexOf('_', Scheme.Length + 1);
        return second > 0 ? key[..second] : null;
    }

    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
