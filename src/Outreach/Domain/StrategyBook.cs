namespace Collections.Outreach.Domain;

/// <summary>A tenant's strategies and splits as one run reads them: which strategy a segment's account gets, and each version's steps.</summary>
public sealed class StrategyBook
{
    private readonly Dictionary<(Guid StrategyId, int Version), ContactStrategy> versions;
    private readonly Dictionary<Guid, ContactStrategy> current;
    private readonly Dictionary<string, SegmentSplit> splits;
    private readonly Dictionary<string, ContactStrategy> newestBySegment;

    public StrategyBook(IEnumerable<ContactStrategy> strategies, IEnumerable<SegmentSplit> segmentSplits)
    {
        var all = strategies.ToList();
        versions = all.ToDictionary(s => (s.StrategyId, s.Version));
        current = all.Where(s => s.IsCurrent).ToDictionary(s => s.StrategyId);
        splits = segmentSplits.ToDictionary(s => s.Segment, StringComparer.Ordinal);
        newestBySegment = all.Where(s => s.IsCurrent)
            .GroupBy(s => s.Segment, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).First(), StringComparer.Ordinal);
    }

    public bool IsEmpty => versions.Count == 0;

    /// <summary>
    /// The strategy a newly assigned account of <paramref name="segment"/> gets: by the segment's split when there is one,
    /// else the segment's newest strategy; null when the segment has none.
    /// </summary>
    public (ContactStrategy Strategy, string Arm, Guid? SplitId)? Choose(Guid accountId, string segment)
    {
        if (splits.TryGetValue(segment, out var split))
        {
            var arm = ChampionChallenger.ArmOf(accountId, split);
            var strategyId = arm == ChampionChallenger.Challenger ? split.ChallengerStrategyId!.Value : split.ChampionStrategyId;
            return current.TryGetValue(strategyId, out var chosen) ? (chosen, arm, split.SplitId) : null;
        }

        return newestBySegment.TryGetValue(segment, out var only) ? (only, ChampionChallenger.Champion, null) : null;
    }

    /// <summary>The steps of the assigned version due on <paramref name="businessDate"/>, with their number in the cadence.</summary>
    public IEnumerable<(int Number, StrategyStep Step)> DueSteps(StrategyAssignment assignment, DateOnly businessDate)
    {
        if (!versions.TryGetValue((assignment.StrategyId, assignment.StrategyVersion), out var strategy))
        {
            yield break;
        }

        var day = businessDate.DayNumber - assignment.AssignedOn.DayNumber;
        for (var i = 0; i < strategy.Steps.Count; i++)
        {
            if (strategy.Steps[i].DayOffset == day)
            {
                yield return (i, strategy.Steps[i]);
            }
        }
    }

    public ContactStrategy? Version(Guid strategyId, int version) => versions.GetValueOrDefault((strategyId, version));
}
