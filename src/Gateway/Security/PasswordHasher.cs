using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Collections.Gateway.Security;

/// <summary>
/// Argon2id password hashes (RFC 9106), in the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c> so the parameters can be raised later while old
/// hashes still verify. 19 MiB, 2 passes, 1 lane is OWASP's minimum recommendation for Argon2id.
/// </summary>
public static class PasswordHasher
{
    private const int MemoryKiB = 19_456;
    private const int Iterations = 2;
    private const int Parallelism = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public const int MinLength = 12;
    public const int MaxLength = 256;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, MemoryKiB, Iterations, Parallelism, HashBytes);
        return $"$argon2id$v=19$m={MemoryKiB},t={Iterations},p={Parallelism}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id")
        {
            return false;
        }

        var parameters = parts[3].Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        var salt = Convert.FromBase64String(parts[4]);
        var expected = Convert.FromBase64String(parts[5]);
        var actual = Derive(password, salt, parameters["m"], parameters["t"], parameters["p"], expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Field error for a password that is too short or too long, or null when acceptable.</summary>
    public static string? Weakness(string? password) => password switch
    {
        null or { Length: < MinLength } => $"Must be at least {MinLength} characters.",
        { Length: > MaxLength } => $"Must be at most {MaxLength} characters.",
        _ => null,
    };

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon.GetBytes(length);
    }
}
