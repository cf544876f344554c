namespace Collections.Outreach.Compliance;

/// <summary>
/// The answer to a <see cref="ContactRequest"/>: allowed, or blocked with every reason that applies and, when all of
/// them are temporary, the earliest instant at which all of them have lifted.
/// </summary>
public sealed class ContactDecision
{
    private readonly BlockReason[] reasons;

    private ContactDecision(BlockReason[] reasons, DateTimeOffset? earliestAllowedAt)
    {
        this.reasons = reasons;
        EarliestAllowedAt = earliestAllowedAt;
    }

    /// <summary>The contact may be made.</summary>
    public static ContactDecision Allowed { get; } = new([], null);

    /// <summary>Whether the contact may be made.</summary>
    public bool IsAllowed => reasons.Length == 0;

    /// <summary>Every rule blocking the contact; empty when allowed.</summary>
    public IReadOnlyList<BlockReason> Reasons => reasons;

    /// <summary>
    /// When blocked only by temporary rules: the earliest instant at which the same contact would be allowed, all
    /// rules considered together (a call cap lifting at local midnight waits for 08:00). Null when allowed, when a
    /// block lasts until something changes, or when no allowed instant exists within the engine's search.
    /// </summary>
    public DateTimeOffset? EarliestAllowedAt { get; }

    /// <summary>Whether the rule with <paramref name="code"/> is among the reasons.</summary>
    public bool IsBlockedBy(string code)
    {
        foreach (var reason in reasons)
        {
            if (reason.Code == code)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsAllowed
            ? "Allowed"
            : $"Blocked ({string.Join(", ", reasons.Select(reason => reason.Code))})"
                + (EarliestAllowedAt is { } at ? $" until {at:O}" : "");

    internal static ContactDecision Blocked(BlockReason[] reasons, DateTimeOffset? earliestAllowedAt) =>
        new(reasons, earliestAllowedAt);
}
