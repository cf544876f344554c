using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Collections.BuildingBlocks.Security;
using Collections.Gateway.Identity;
using Collections.Gateway.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Gateway.Security;

/// <summary>Authentication schemes, policies and claims the gateway uses.</summary>
public static class CallerAuthentication
{
    public const string Scheme = "Caller";
    public const string ApiKeyScheme = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Claim the gateway keeps for itself (never forwarded): requests per minute allowed to this caller.</summary>
    public const string RateLimitClaim = "rate_limit";

    public const string TenantCallerPolicy = "tenant-caller";
    public const string PlatformPolicy = "platform";
    public const string TenantAdminPolicy = "tenant-admin";
    public const string AuditReaderPolicy = "audit-reader";

    /// <summary>
    /// <c>X-Api-Key</c> (client businesses, and the platform operator's key) or a bearer token the
    /// platform issued (staff, consumers). A valid credential of an offboarded tenant, a disabled
    /// user or a revoked key fails: each request checks the database, so revocation is immediate.
    /// </summary>
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<PlatformOperatorKey>();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyHeader) ? ApiKeyScheme : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((options, tokens) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = tokens.ValidationParameters;
                options.Events = new JwtBearerEvents { OnTokenValidated = CheckCredentialStillValidAsync };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(TenantCallerPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.TenantId))
            .AddPolicy(PlatformPolicy, policy => policy.RequireClaim(CallerClaims.Actor, ActorKinds.Platform).RequireClaim(CallerClaims.Role, Roles.PlatformAdmin))
            .AddPolicy(TenantAdminPolicy, policy => policy.RequireClaim(CallerClaims.TenantId).RequireClaim(CallerClaims.Actor, ActorKinds.Staff).RequireClaim(CallerClaims.Role, Roles.Admin))
            .AddPolicy(AuditReaderPolicy, policy => policy.RequireClaim(CallerClaims.TenantId).RequireClaim(CallerClaims.Actor, ActorKinds.Staff).RequireClaim(CallerClaims.Role, Roles.ComplianceOfficer, Roles.Admin));
        return services;
    }

    private static Guid? SessionId(ClaimsPrincipal principal) =>
        principal.FindFirstValue(CallerClaims.Credential) is { } credential
        && credential.StartsWith(AccessTokens.StaffSessionPrefix, StringComparison.Ordinal)
        && Guid.TryParseExact(credential[AccessTokens.StaffSessionPrefix.Length..], "N", out var id)
            ? id
            : null;

    /// <summary>A token stays valid only while its tenant is active and, for staff, its user is enabled.</summary>
    private static async Task CheckCredentialStillValidAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.FindFirstValue(CallerClaims.TenantId), out var tenantId))
        {
            context.Fail("The token names no tenant.");
            return;
        }

        var actor = principal.FindFirstValue(CallerClaims.Actor);
        var userId = actor == ActorKinds.Staff && Guid.TryParse(principal.FindFirstValue(CallerClaims.Subject), out var subject) ? subject : Guid.Empty;
        var sessionId = SessionId(principal) ?? Guid.Empty;

        // One round trip on every request: the tenant, and for staff the user and the session.
        var db = context.HttpContext.RequestServices.GetRequiredService<GatewayDbContext>();
        var state = await db.Tenants.AsNoTracking()
            .Where(t => t.Id == tenantId)
            .Select(t => new
            {
                t.Status,
                t.RateLimits,
                UserEnabled = db.Users.IgnoreQueryFilters().Any(u => u.Id == userId && u.TenantId == tenantId && !u.IsDisabled),
                SessionEnded = db.RefreshTokens.Any(r => r.FamilyId == sessionId && r.RevokedAt != null),
            })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (state is not { Status: TenantStatus.Active })
        {
            context.Fail("The tenant is not active.");
            return;
        }

        if (actor == ActorKinds.Staff && !state.UserEnabled)
        {
            context.Fail("The user is disabled.");
            return;
        }

        // A session whose refresh tokens were revoked (a spent one was re-used, or the user was
        // disabled) ends now, not when its last access token expires.
        if (actor == ActorKinds.Staff && state.SessionEnded)
        {
            context.Fail("The session was ended.");
            return;
        }

        var limit = actor == ActorKinds.Consumer ? state.RateLimits.ConsumerSessionPerMinute : state.RateLimits.StaffUserPerMinute;
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(RateLimitClaim, limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

/// <summary>Authenticates <c>X-Api-Key</c>: a client business's key, or the platform operator's key from configuration.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GatewayDbContext db,
    PlatformOperatorKey platformKey)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[CallerAuthentication.ApiKeyHeader].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (platformKey.Matches(presented))
        {
            return Success(
                new Claim(CallerClaims.Subject, "platform-admin"),
                new Claim(CallerClaims.Actor, ActorKinds.Platform),
                new Claim(CallerClaims.Role, Roles.PlatformAdmin),
                new Claim(CallerClaims.Credential, "platform-admin"));
        }

        var prefix = ApiKeyCodec.PrefixOf(presented);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var found = await (
            from key in db.ApiKeys.IgnoreQueryFilters()
            join tenant in db.Tenants on key.TenantId equals tenant.Id
            join client in db.Clients.IgnoreQueryFilters() on key.ClientId equals client.Id
            where key.Prefix == prefix
            select new { key.Id, key.TenantId, key.ClientId, key.Hash, key.RevokedAt, TenantStatus = tenant.Status, tenant.RateLimits, ClientActive = client.IsActive })
            .AsNoTracking()
            .SingleOrDefaultAsync(Context.RequestAborted);

        if (found is null || !CryptographicOperations.FixedTimeEquals(found.Hash, ApiKeyCodec.HashOf(presented)))
        {
            return AuthenticateResult.Fail($"Unknown API key {prefix}.");
        }

        if (found.RevokedAt is not null || found.TenantStatus != TenantStatus.Active || !found.ClientActive)
        {
            return AuthenticateResult.Fail($"API key {prefix} is revoked.");
        }

        return Success(
            new Claim(CallerClaims.Subject, found.Id.ToString()),
            new Claim(CallerClaims.TenantId, found.TenantId.ToString()),
            new Claim(CallerClaims.ClientId, found.ClientId.ToString()),
            new Claim(CallerClaims.Actor, ActorKinds.Client),
            new Claim(CallerClaims.Role, ActorKinds.Client),
            new Claim(CallerClaims.Credential, prefix),
            new Claim(CallerAuthentication.RateLimitClaim, found.RateLimits.ApiKeyPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, CallerClaims.Subject, CallerClaims.Role)), Scheme.Name));
}

/// <summary>The platform operator's API key from configuration, kept only as its hash, computed once.</summary>
internal sealed class PlatformOperatorKey(IConfiguration configuration)
{
    public const string ConfigKey = "Security:PlatformAdmin:ApiKey";

    private readonly byte[]? hash = configuration[ConfigKey] is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public bool Matches(string presented) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), hash);
}
