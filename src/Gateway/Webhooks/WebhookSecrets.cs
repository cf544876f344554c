using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Collections.Gateway.Webhooks;

/// <summary>Makes endpoint signing secrets and keeps them encrypted at rest with ASP.NET Core Data Protection.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    private const string Prefix = "whsec_";

    private readonly IDataProtector protector = dataProtection.CreateProtector("Collections.Gateway.Webhooks.EndpointSecret");

    /// <summary>A new secret: 32 random bytes, base64url, with a prefix that makes it recognizable in a leak scan.</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>The secret back, to sign with; throws <see cref="CryptographicException"/> if the key ring lost its key.</summary>
    public string Reveal(string protectedSecret) => protector.Unprotect(protectedSecret);
}
