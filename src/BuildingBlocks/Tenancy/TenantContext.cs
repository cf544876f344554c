using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Tenancy;

/// <summary>Names of the headers and metadata entries that carry the tenant between processes.</summary>
public static class TenantHeaders
{
    /// <summary>HTTP header, gRPC metadata key and bus message header.</summary>
    public const string TenantId = "x-tenant-id";
}

/// <summary>
/// The tenant the current request or message acts for; one per scope. Every query of a
/// tenant-owned entity is filtered by it and every write is checked against it.
/// </summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }

    /// <summary>The current tenant, or a <see cref="MissingTenantException"/> when none was established.</summary>
    public Guid RequiredTenantId => TenantId ?? throw new MissingTenantException();

    /// <summary>Sets the tenant once; a scope can never switch tenants.</summary>
    public void Use(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new MissingTenantException();
        }

        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("The tenant of this scope is already set to a different tenant.");
        }

        TenantId = tenantId;
    }
}

/// <summary>An entity that belongs to exactly one tenant.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

/// <summary>A tenant-scoped operation was attempted without a tenant.</summary>
public sealed class MissingTenantException() : BusinessRuleException(
    RuleViolationKind.Unauthenticated, "tenant-required", "No tenant", "No tenant is established for this request.");

/// <summary>A write would have touched another tenant's data.</summary>
public sealed class CrossTenantWriteException(string entity) : Exception($"Refused to write a {entity} that belongs to another tenant.");
