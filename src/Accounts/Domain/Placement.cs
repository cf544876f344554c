using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>Where a placement is: its rows arrive and are committed batch by batch, then it completes or fails.</summary>
public enum PlacementStatus
{
    /// <summary>The body is being read; every committed batch shows in the counters.</summary>
    Receiving,

    /// <summary>The whole body has been read; the last batch is being committed.</summary>
    Processing,

    Completed,

    /// <summary>The body broke off or could not be read further; the rows committed before stay placed.</summary>
    Failed,
}

/// <summary>What became of one row of a placement.</summary>
public enum PlacementOutcome
{
    /// <summary>A new account was placed.</summary>
    Accepted,

    /// <summary>The account was already placed with the same facts; nothing changed.</summary>
    Unchanged,

    /// <summary>The row is invalid; nothing was placed.</summary>
    Rejected,

    /// <summary>The client reference is already placed with different facts; the account was not changed.</summary>
    Conflict,
}

/// <summary>
/// A batch of accounts a client hands over at once (a CSV file or a JSON array). Rows are committed
/// in batches, each batch atomically with its accounts, consumers, outbox events and these counters,
/// so the counters always tell what is stored.
/// </summary>
public sealed class Placement : ITenantOwned
{
    private Placement()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The client the accounts are placed for.</summary>
    public Guid ClientId { get; private set; }

    /// <summary>"csv" or "json".</summary>
    public string Format { get; private set; } = "";

    /// <summary>"staff:{subject}" or "client:{subject}".</summary>
    public string PlacedBy { get; private set; } = "";

    public PlacementStatus Status { get; private set; }

    public long RowsRead { get; private set; }

    public long Accepted { get; private set; }

    public long Unchanged { get; private set; }

    public long Rejected { get; private set; }

    public long Conflicts { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the last batch was committed.</summary>
    public DateTimeOffset LastProgressAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Why the placement failed, when it did.</summary>
    public string? Failure { get; private set; }

    public static Placement Start(Guid tenantId, Guid clientId, string format, string placedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        ClientId = clientId,
        Format = format,
        PlacedBy = placedBy,
        Status = PlacementStatus.Receiving,
        StartedAt = now,
        LastProgressAt = now,
    };
}

/// <summary>A row of a placement that placed nothing: invalid (rejected) or in conflict with an account already placed.</summary>
public sealed class PlacementReject : ITenantOwned
{
    private PlacementReject()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid PlacementId { get; private set; }

    /// <summary>1 for the first account of the file or array (a CSV header line is not counted).</summary>
    public long RowNumber { get; private set; }

    /// <summary>The row's client reference as sent, when it had one.</summary>
    public string? ClientReference { get; private set; }

    /// <summary><see cref="PlacementOutcome.Rejected"/> or <see cref="PlacementOutcome.Conflict"/>.</summary>
    public PlacementOutcome Outcome { get; private set; }

    public string Reason { get; private set; } = "";

    public static PlacementReject For(Guid tenantId, Guid placementId, long rowNumber, string? clientReference, PlacementOutcome outcome, string reason) => new()
    {
        TenantId = tenantId,
        PlacementId = placementId,
        RowNumber = rowNumber,
        ClientReference = clientReference,
        Outcome = outcome,
        Reason = reason.Length > 1000 ? reason[..1000] : reason,
    };
}
