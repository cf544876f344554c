using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>What Accounts needs to know of a tenant's agreement with a client: how payments are applied.</summary>
public sealed class ClientTerms : ITenantOwned
{
    private ClientTerms()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    /// <summary>Stored as the names in order, e.g. "fees,interest,principal".</summary>
    public string PaymentApplicationOrder { get; private set; } = "";

    public DateTimeOffset ChangedAt { get; private set; }

    public static ClientTerms For(Guid tenantId, Guid clientId) => new() { TenantId = tenantId, ClientId = clientId };

    /// <summary>The client's order, or the default when it never said (or said something unreadable).</summary>
    public PaymentApplicationOrder Order =>
        Domain.PaymentApplicationOrder.Parse(PaymentApplicationOrder.Split(',')) ?? Domain.PaymentApplicationOrder.Default;

    public void Change(PaymentApplicationOrder order, DateTimeOffset at)
    {
        PaymentApplicationOrder = order.ToString();
        ChangedAt = at;
    }
}
