using Collections.BuildingBlocks.Tenancy;

namespace Collections.Reporting.Domain;

/// <summary>A remittance statement issued to a client, projected from <c>RemittanceStatementIssued</c>.</summary>
public sealed class RemittanceStatement : ITenantOwned
{
    public Guid StatementId { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClientId { get; set; }

    public DateOnly PeriodStart { get; set; }

    /// <summary>Inclusive.</summary>
    public DateOnly PeriodEnd { get; set; }

    public decimal Collected { get; set; }

    public decimal Reversed { get; set; }

    public decimal Fees { get; set; }

    public decimal NetDue { get; set; }

    public string Currency { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }
}
