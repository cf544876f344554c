namespace Collections.Reporting.Apis;

/// <summary>How fresh an answer is.</summary>
/// <param name="LastEventOccurredAt">When the most recently projected event of the tenant happened.</param>
/// <param name="LastEventProjectedAt">When Reporting projected it.</param>
/// <param name="ProjectionLagSeconds">Seconds between the two: how far the read model trails the event stream.</param>
/// <param name="AnsweredAt">When this answer was computed.</param>
public sealed record Freshness(DateTimeOffset? LastEventOccurredAt, DateTimeOffset? LastEventProjectedAt, double? ProjectionLagSeconds, DateTimeOffset AnsweredAt);

/// <summary>A KPI's answer: the range and currency it covers, its value and how fresh it is.</summary>
public sealed record KpiAnswer<T>(DateTimeOffset From, DateTimeOffset To, string Currency, T Value, Freshness Freshness);

/// <summary>Collected ÷ placed for the accounts placed in the range (the vintage), counting money posted up to the range's end.</summary>
public sealed record LiquidationRate(long Accounts, decimal Placed, decimal Collected, decimal? Rate);

/// <summary>Collected in the range ÷ the balance outstanding at its start.</summary>
public sealed record RecoveryRate(decimal Collected, decimal OutstandingAtStart, decimal? Rate);

/// <summary>Call attempts, connected calls and RPCs in the range.</summary>
public sealed record ContactRates(long CallAttempts, long ConnectedCalls, long RightPartyContacts, decimal? ContactRate, decimal? RightPartyContactRate);

/// <summary>Promises made ÷ RPCs, and kept ÷ (kept + broken) for promises that fell due in the range.</summary>
public sealed record PromiseRates(long PromisesMade, long RightPartyContacts, decimal? PromiseRate, long Kept, long Broken, decimal? KeptRate);

/// <summary>Mean days from placement to each payment posted in the range and not reversed.</summary>
public sealed record DaysToCollect(long Payments, decimal? AverageDays);

/// <summary>Accounts whose first RPC fell in the range, and those resolved on it.</summary>
public sealed record FirstCallResolution(long AccountsWithFirstRpc, long ResolvedOnFirstRpc, decimal? Rate);

/// <summary>Disputes and complaints opened in the range per 1 000 accounts active in it.</summary>
public sealed record DisputeAndComplaintRates(long ActiveAccounts, long Disputes, decimal? DisputesPerThousand, long Complaints, decimal? ComplaintsPerThousand);

/// <summary>Of the open accounts in a delinquency bucket at the start of a month, how many were in a later bucket at its end.</summary>
public sealed record RollRate(string Month, string FromBucket, long Accounts, long RolledForward, decimal? Rate);

/// <summary>One agent's activity in the range; hours worked are the distinct UTC clock hours in which the agent recorded an attempt or an RPC.</summary>
public sealed record AgentPerformance(
    string AgentId, long CallAttempts, long RightPartyContacts, long HoursWorked, decimal? AttemptsPerHour, decimal? RightPartyContactsPerHour,
    decimal Collected, long PromisesMade, decimal? PromiseConversion);

/// <summary>Money posted and reversed on one UTC day.</summary>
public sealed record DailyCollection(DateOnly Day, decimal Posted, decimal Reversed, decimal Net);

/// <summary>One arm of a champion/challenger test; payers are its accounts with net money collected in the range.</summary>
public sealed record ArmResult(string Arm, long Accounts, decimal Placed, decimal Collected, decimal? LiquidationRate, long Payers, decimal? PayerRate);

/// <summary>
/// Champion against challenger: the arms, the challenger's liquidation rate minus the champion's, and a pooled
/// two-proportion z-test on the share of accounts that paid anything (two-sided p-value; null when undefined).
/// </summary>
public sealed record ChampionChallenger(
    IReadOnlyList<ArmResult> Arms, decimal? LiquidationRateDifference, string Test, double? Z, double? PValue, bool? SignificantAtFivePercent);
