using System.Security.Claims;
using System.Text;
using Collections.BuildingBlocks.Security;
using Collections.Gateway.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Collections.Gateway.Security;

/// <summary>
/// Access tokens the platform issues to staff (after a password sign-in or a refresh) and to
/// consumers (after a portal sign-in): short-lived JWTs signed with the key in
/// <c>Security:Tokens:SigningKey</c>, which only the gateway holds and which never is in the repository.
/// </summary>
public sealed class AccessTokens
{
    public const string Issuer = "collections-platform";
    public const string Audience = "collections-api";
    public const string SigningKeyConfigKey = "Security:Tokens:SigningKey";

    /// <summary>The credential claim of a staff token is this prefix and the session (refresh token family) id.</summary>
    public const string StaffSessionPrefix = "session_";

    public static readonly TimeSpan StaffLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ConsumerLifetime = TimeSpan.FromMinutes(15);

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials credentials;
    private readonly TimeProvider clock;

    public AccessTokens(IConfiguration configuration, TimeProvider clock)
    {
        this.clock = clock;
        SigningKey = ReadKey(configuration);
        credentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256);
    }

    public SymmetricSecurityKey SigningKey { get; }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = CallerClaims.Subject,
        RoleClaimType = CallerClaims.Role,
    };

    public string IssueStaff(StaffUser user, Guid sessionId) => Issue(
        [
            new(CallerClaims.Subject, user.Id.ToString()),
            new(CallerClaims.TenantId, user.TenantId.ToString()),
            new(CallerClaims.Actor, ActorKinds.Staff),
            new(CallerClaims.Credential, $"{StaffSessionPrefix}{sessionId:N}"),
            .. user.Roles.Select(role => new Claim(CallerClaims.Role, role)),
        ],
        StaffLifetime);

    public string IssueConsumer(Guid tenantId, Guid consumerId, Guid sessionId) => Issue(
        [
            new(CallerClaims.Subject, consumerId.ToString()),
            new(CallerClaims.TenantId, tenantId.ToString()),
            new(CallerClaims.ConsumerId, consumerId.ToString()),
            new(CallerClaims.Actor, ActorKinds.Consumer),
            new(CallerClaims.Credential, $"portal_{sessionId:N}"),
        ],
        ConsumerLifetime);

    private string Issue(IEnumerable<Claim> claims, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = credentials,
        });
    }

    private static SymmetricSecurityKey ReadKey(IConfiguration configuration)
    {
        var value = configuration[SigningKeyConfigKey];
        if (string.IsNullOrWhiteSpace(value) || Encoding.UTF8.GetByteCount(value) < 32)
        {
            throw new InvalidOperationException(
                $"Configuration '{SigningKeyConfigKey}' must hold a secret of at least 32 bytes (the AppHost generates one; in production take it from a secret store).");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(value));
    }
}
