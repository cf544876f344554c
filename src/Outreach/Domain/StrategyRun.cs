using Collections.BuildingBlocks.Tenancy;

namespace Collections.Outreach.Domain;

/// <summary>A tenant's daily strategy run for one business date, with its checkpoint so a restarted run continues.</summary>
public sealed class StrategyRun : ITenantOwned
{
    public Guid TenantId { get; set; }

    public DateOnly BusinessDate { get; set; }

    public StrategyRunState State { get; set; }

    /// <summary>The last account fully processed; the stream resumes after it.</summary>
    public Guid? LastAccountId { get; set; }

    public long AccountsSeen { get; set; }

    public long AccountsAssigned { get; set; }

    public long AccountsHeld { get; set; }

    public long ActionsPlanned { get; set; }

    public long ActionsBlocked { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Error { get; set; }
}

/// <summary>Where a run stands.</summary>
public enum StrategyRunState
{
    Running,
    Completed,
    Failed,
}
