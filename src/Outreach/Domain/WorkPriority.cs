namespace Collections.Outreach.Domain;

/// <summary>
/// The order in which the work queue hands accounts to agents:
/// <c>priority = score × balance × hours since last contact</c>, where
/// <list type="bullet">
/// <item><description><c>score</c> is the propensity to pay from Accounts' segmentation (0..1000), <see cref="UnscoredScore"/> until the account is scored;</description></item>
/// <item><description><c>balance</c> is the outstanding balance (never below 0);</description></item>
/// <item><description><c>hours since last contact</c> counts from the last recorded attempt by any channel (from placement when there is none), at least 1 and at most <see cref="MaxWait"/>, so a long-untouched small debt does not outrank everything.</description></item>
/// </list>
/// The work queue computes the same formula in SQL (<see cref="Sql"/>); keep the two in step.
/// </summary>
public static class WorkPriority
{
    /// <summary>The score of an account Accounts has not segmented yet: the middle of the scale.</summary>
    public const int UnscoredScore = 500;

    /// <summary>Waiting longer than this adds no priority.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);

    /// <summary>The SQL of the formula over <c>contactable_accounts a</c>, with the current instant as parameter <c>{0}</c>.</summary>
    public const string Sql =
        """
        (LEAST(GREATEST(COALESCE(a."Score", 500), 0), 1000)::double precision
         * GREATEST(a."Balance", 0)::double precision
         * LEAST(GREATEST(EXTRACT(EPOCH FROM ({0} - COALESCE(a."LastContactAt", a."PlacedAt"))) / 3600.0, 1), 720)::double precision)
        """;

    public static double Of(int? score, decimal balance, DateTimeOffset? lastContactAt, DateTimeOffset placedAt, DateTimeOffset now)
    {
        var propensity = Math.Clamp(score ?? UnscoredScore, 0, 1000);
        var owed = (double)Math.Max(balance, 0m);
        var hours = Math.Clamp((now - (lastContactAt ?? placedAt)).TotalHours, 1, MaxWait.TotalHours);
        return propensity * owed * hours;
    }
}
