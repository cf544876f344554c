using Collections.BuildingBlocks.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Infrastructure;

/// <summary>The last number a tenant gave a kind of document (receipts, remittance statements).</summary>
public sealed class DocumentCounter : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string Kind { get; set; } = "";

    public long LastNumber { get; set; }
}

/// <summary>
/// Sequential document numbers per tenant. The counter row stays locked until the caller's transaction
/// ends, so numbers are gapless when taken in the transaction that saves the document.
/// </summary>
public static class DocumentNumbers
{
    public const string Receipt = "receipt";
    public const string RemittanceStatement = "remittance-statement";

    /// <summary>The next number of <paramref name="kind"/> for <paramref name="tenantId"/>, from 1.</summary>
    public static async Task<long> NextAsync(PaymentsDbContext db, Guid tenantId, string kind, CancellationToken cancellationToken)
    {
        var numbers = await db.Database.SqlQuery<long>($"""
            INSERT INTO document_counters ("TenantId", "Kind", "LastNumber") VALUES ({tenantId}, {kind}, 1)
            ON CONFLICT ("TenantId", "Kind") DO UPDATE SET "LastNumber" = document_counters."LastNumber" + 1
            RETURNING "LastNumber" AS "Value"
            """).ToListAsync(cancellationToken);
        return numbers.Single();
    }
}
