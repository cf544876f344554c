using System.Security.Claims;
using System.Security.Cryptography;
using Collections.BuildingBlocks.Security;

namespace Collections.IntegrationTesting;

/// <summary>
/// Callers' tokens as the gateway would forward them, signed with a key pair made once per test
/// process. Point a service at <see cref="PublicKeyPem"/> (configuration
/// <c>Security:Internal:PublicKey</c>) and send the tokens as <c>Authorization: Bearer</c>.
/// </summary>
public static class TestCallers
{
    private static readonly ECDsa TrustedKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The PEM public key the services under test must trust.</summary>
    public static string PublicKeyPem { get; } = TrustedKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>Valid tokens, signed with the trusted key and issued now.</summary>
    public static CallerTokens Trusted { get; } = new(TrustedKey, TimeProvider.System);

    /// <summary>Tokens signed with the trusted key but past their expiry (issued well over their lifetime ago).</summary>
    public static CallerTokens Expired { get; } =
        new(TrustedKey, new ShiftedClock(-(InternalTokens.Lifetime + TimeSpan.FromMinutes(10))));

    /// <summary>Otherwise valid tokens signed with a key the services do not trust.</summary>
    public static CallerTokens SignedByAnotherKey { get; } =
        new(ECDsa.Create(ECCurve.NamedCurves.nistP256), TimeProvider.System);

    /// <summary>A valid token of a tenant's staff member holding <paramref name="roles"/>.</summary>
    public static string Staff(Guid tenantId, params string[] roles) => Trusted.Staff(tenantId, roles);

    /// <summary>A valid token of a client business's API key.</summary>
    public static string Client(Guid tenantId, Guid clientId) => Trusted.Client(tenantId, clientId);

    /// <summary>A valid token of a consumer's portal session.</summary>
    public static string Consumer(Guid tenantId, Guid consumerId) => Trusted.Consumer(tenantId, consumerId);

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}

/// <summary>Mints callers' tokens with one signing key and clock; see <see cref="TestCallers"/>.</summary>
public sealed class CallerTokens(ECDsa signingKey, TimeProvider clock)
{
    private readonly InternalTokenIssuer issuer = new(signingKey, clock);

    /// <summary>A token of a tenant's staff member holding <paramref name="roles"/>.</summary>
    public string Staff(Guid tenantId, params string[] roles) =>
        Issue(ActorKinds.Staff, tenantId, [.. roles.Select(role => new Claim(CallerClaims.Role, role))]);

    /// <summary>A token of a client business's API key.</summary>
    public string Client(Guid tenantId, Guid clientId) =>
        Issue(ActorKinds.Client, tenantId, new Claim(CallerClaims.ClientId, clientId.ToString()));

    /// <summary>A token of a consumer's portal session.</summary>
    public string Consumer(Guid tenantId, Guid consumerId) =>
        Issue(ActorKinds.Consumer, tenantId, new Claim(CallerClaims.ConsumerId, consumerId.ToString()));

    /// <summary>A token with exactly <paramref name="claims"/>, for callers the shortcuts do not cover.</summary>
    public string Issue(IEnumerable<Claim> claims) => issuer.Issue(claims);

    private string Issue(string actor, Guid tenantId, params Claim[] claims) => issuer.Issue(
    [
        new Claim(CallerClaims.Subject, $"test-{actor}-{Guid.NewGuid():N}"),
        new Claim(CallerClaims.Actor, actor),
        new Claim(CallerClaims.TenantId, tenantId.ToString()),
        new Claim(CallerClaims.Credential, "test"),
        .. claims,
    ]);
}
