using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>
/// One version of a tenant's contact strategy for a segment: a cadence of steps counted in days from the
/// account's assignment, and when to hand the account to the senior-agent queue. Editing a strategy adds a
/// version; accounts stay on the version they were assigned.
/// </summary>
public sealed class ContactStrategy : ITenantOwned
{
    /// <summary>Identifies this version.</summary>
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Identifies the strategy across its versions.</summary>
    public Guid StrategyId { get; set; }

    public int Version { get; set; }

    public string Name { get; set; } = "";

    public string Segment { get; set; } = "";

    public List<StrategyStep> Steps { get; set; } = [];

    /// <summary>Failed call attempts (no conversation) after which the account goes to the senior queue; null never.</summary>
    public int? EscalateAfterFailedAttempts { get; set; }

    /// <summary>Broken promises to pay after which the account goes to the senior queue; null never.</summary>
    public int? EscalateAfterBrokenPromises { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    /// <summary>Whether this is the strategy's newest version, the one new assignments get.</summary>
    public bool IsCurrent { get; set; }
}

/// <summary>One step of a cadence.</summary>
public sealed class StrategyStep
{
    /// <summary>Days after the assignment date on which the step is due (0 = the day of assignment).</summary>
    public int DayOffset { get; set; }

    public ContactChannel Channel { get; set; }

    /// <summary>The message template (letters, emails, texts) or call script key.</summary>
    public string TemplateKey { get; set; } = "";

    public List<StepCondition> Conditions { get; set; } = [];
}

/// <summary>What must still be true for a step to be taken.</summary>
public enum StepCondition
{
    /// <summary>Nobody has had a conversation with the consumer about the debt yet.</summary>
    NoRightPartyContact,

    /// <summary>No payment was posted on the account yet.</summary>
    NoPayment,
}

/// <summary>
/// How a segment's accounts are shared between its champion strategy and, optionally, a challenger: accounts whose
/// stable hash falls below the challenger's share in basis points get the challenger. A new split (new
/// <see cref="SplitId"/>) applies to accounts assigned from then on; assigned accounts keep their strategy.
/// </summary>
public sealed class SegmentSplit : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string Segment { get; set; } = "";

    public Guid SplitId { get; set; }

    public Guid ChampionStrategyId { get; set; }

    public Guid? ChallengerStrategyId { get; set; }

    /// <summary>The challenger's share of the segment, 0..10000 (hundredths of a percent).</summary>
    public int ChallengerBasisPoints { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The strategy version an account follows, from the day it was assigned. Sticky until its segment changes.</summary>
public sealed class StrategyAssignment : ITenantOwned
{
    public Guid AccountId { get; set; }

    public Guid TenantId { get; set; }

    public string Segment { get; set; } = "";

    public Guid StrategyId { get; set; }

    public int StrategyVersion { get; set; }

    /// <summary>"champion" or "challenger".</summary>
    public string Arm { get; set; } = "";

    /// <summary>The split that chose the arm; null when the segment had no split (its only strategy).</summary>
    public Guid? SplitId { get; set; }

    /// <summary>The business date the cadence counts its day offsets from.</summary>
    public DateOnly AssignedOn { get; set; }

    public DateTimeOffset AssignedAt { get; set; }
}
