using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Collections.BuildingBlocks.Security;

/// <summary>
/// The gateway-to-service identity token: after the gateway has authenticated a caller (API key,
/// staff token or consumer session) it forwards who the caller is as a short-lived JWT signed with
/// the gateway's ECDSA P-256 key. Services hold only the public key, so none of them can mint one.
/// </summary>
public static class InternalTokens
{
    public const string Issuer = "collections-gateway";
    public const string Audience = "collections-services";

    /// <summary>Configuration key of the PEM public key every service validates with.</summary>
    public const string PublicKeyConfigKey = "Security:Internal:PublicKey";

    /// <summary>Configuration key of the PEM private key only the gateway holds.</summary>
    public const string PrivateKeyConfigKey = "Security:Internal:PrivateKey";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public static TokenValidationParameters ValidationParameters(ECDsa publicKey) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = new ECDsaSecurityKey(publicKey),
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = CallerClaims.Subject,
        RoleClaimType = CallerClaims.Role,
    };

    public static ECDsa ImportPem(string pem, string configKey)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new InvalidOperationException($"Configuration '{configKey}' is not set: it must hold the PEM key of the gateway's internal identity tokens.");
        }

        var key = ECDsa.Create();
        key.ImportFromPem(pem.Replace("\\n", "\n", StringComparison.Ordinal));
        return key;
    }
}

/// <summary>Mints internal identity tokens from an authenticated principal (used by the gateway and by tests).</summary>
public sealed class InternalTokenIssuer(ECDsa privateKey, TimeProvider clock)
{
    private static readonly HashSet<string> Forwarded =
    [
        CallerClaims.Subject, CallerClaims.TenantId, CallerClaims.ClientId, CallerClaims.ConsumerId,
        CallerClaims.Actor, CallerClaims.Role, CallerClaims.Credential,
    ];

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials credentials = new(new ECDsaSecurityKey(privateKey), SecurityAlgorithms.EcdsaSha256);

    /// <summary>A token carrying only the caller claims, whatever else the principal holds.</summary>
    public string Issue(IEnumerable<Claim> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subject = new ClaimsIdentity(claims.Where(c => Forwarded.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value)));
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = InternalTokens.Issuer,
            Audience = InternalTokens.Audience,
            Subject = subject,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + InternalTokens.Lifetime,
            SigningCredentials = credentials,
        });
    }
}
