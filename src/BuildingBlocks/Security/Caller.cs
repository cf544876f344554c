using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Security;

/// <summary>Claim types of the caller identity the gateway forwards to the services.</summary>
public static class CallerClaims
{
    public const string Subject = "sub";
    public const string TenantId = "tenant_id";
    public const string ClientId = "client_id";
    public const string ConsumerId = "consumer_id";
    public const string Actor = "actor";
    public const string Role = "role";

    /// <summary>What identifies the credential in logs and the audit trail: an API key prefix or a session id, never a secret.</summary>
    public const string Credential = "credential";
}

/// <summary>The kinds of caller: staff of a tenant, a client business's integration, a consumer in the portal, or the platform operator.</summary>
public static class ActorKinds
{
    public const string Staff = "staff";
    public const string Client = "client";
    public const string Consumer = "consumer";
    public const string Platform = "platform";
}

/// <summary>Staff roles within a tenant, and the platform operator's role.</summary>
public static class Roles
{
    public const string Agent = "agent";
    public const string SeniorAgent = "senior-agent";
    public const string Supervisor = "supervisor";
    public const string ComplianceOfficer = "compliance-officer";
    public const string Admin = "admin";
    public const string PlatformAdmin = "platform-admin";

    /// <summary>The roles a tenant admin can give a user.</summary>
    public static readonly IReadOnlySet<string> Staff = new HashSet<string>(StringComparer.Ordinal)
    {
        Agent, SeniorAgent, Supervisor, ComplianceOfficer, Admin,
    };
}

/// <summary>
/// Who is calling, read from the signed claims the gateway forwards. Services make their own
/// decisions from it: which client's accounts a key may see, which consumer a portal session is,
/// which role may take an action.
/// </summary>
public sealed class Caller
{
    private readonly ClaimsPrincipal principal;

    public Caller(ClaimsPrincipal principal) => this.principal = principal;

    public Caller(IHttpContextAccessor accessor)
        : this(accessor.HttpContext?.User ?? new ClaimsPrincipal())
    {
    }

    public bool IsAuthenticated => principal.Identity?.IsAuthenticated == true;

    public string Actor => principal.FindFirstValue(CallerClaims.Actor) ?? "";

    public string Subject => principal.FindFirstValue(CallerClaims.Subject) ?? "";

    public Guid? TenantId => GuidClaim(CallerClaims.TenantId);

    /// <summary>The client a client-business key acts for; null for staff and consumers.</summary>
    public Guid? ClientId => GuidClaim(CallerClaims.ClientId);

    /// <summary>The consumer a portal session belongs to; null for everyone else.</summary>
    public Guid? ConsumerId => GuidClaim(CallerClaims.ConsumerId);

    public bool IsStaff => Actor == ActorKinds.Staff;

    public bool IsClient => Actor == ActorKinds.Client;

    public bool IsConsumer => Actor == ActorKinds.Consumer;

    public bool IsInRole(string role) => principal.HasClaim(CallerClaims.Role, role);

    /// <summary>Refuses (403) unless the caller is staff holding one of <paramref name="roles"/>.</summary>
    public void RequireStaffRole(params string[] roles)
    {
        if (!IsStaff || !roles.Any(IsInRole))
        {
            throw new BusinessRuleException(
                RuleViolationKind.Forbidden,
                "role-required",
                "Not allowed for your role",
                $"This action needs one of the roles: {string.Join(", ", roles)}.");
        }
    }

    /// <summary>Refuses (403) unless the caller is one of the given kinds of actor.</summary>
    public void RequireActor(params string[] actors)
    {
        if (!actors.Contains(Actor, StringComparer.Ordinal))
        {
            throw new BusinessRuleException(
                RuleViolationKind.Forbidden,
                "actor-not-allowed",
                "Not allowed for this kind of caller",
                $"This action is open to: {string.Join(", ", actors)}.");
        }
    }

    private Guid? GuidClaim(string type) =>
        Guid.TryParse(principal.FindFirstValue(type), out var value) && value != Guid.Empty ? value : null;
}
