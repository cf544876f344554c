namespace Collections.Web.Gateway;

// Shapes of Reporting's, Disputes' and Accounts' responses the supervisor dashboard reads.

/// <summary>How fresh a KPI answer is.</summary>
public sealed record Freshness(DateTimeOffset? LastEventOccurredAt, DateTimeOffset? LastEventProjectedAt, double? ProjectionLagSeconds, DateTimeOffset AnsweredAt);

/// <summary>Reporting's <c>KpiAnswer</c>.</summary>
public sealed record KpiAnswer<T>(DateTimeOffset From, DateTimeOffset To, string Currency, T Value, Freshness Freshness);

public sealed record LiquidationRate(long Accounts, decimal Placed, decimal Collected, decimal? Rate);

public sealed record ContactRates(long CallAttempts, long ConnectedCalls, long RightPartyContacts, decimal? ContactRate, decimal? RightPartyContactRate);

public sealed record PromiseRates(long PromisesMade, long RightPartyContacts, decimal? PromiseRate, long Kept, long Broken, decimal? KeptRate);

public sealed record AgentPerformance(
    string AgentId, long CallAttempts, long RightPartyContacts, long HoursWorked, decimal? AttemptsPerHour, decimal? RightPartyContactsPerHour,
    decimal Collected, long PromisesMade, decimal? PromiseConversion);

public sealed record DailyCollection(DateOnly Day, decimal Posted, decimal Reversed, decimal Net);

public sealed record ArmResult(string Arm, long Accounts, decimal Placed, decimal Collected, decimal? LiquidationRate, long Payers, decimal? PayerRate);

public sealed record ChampionChallenger(
    IReadOnlyList<ArmResult> Arms, decimal? LiquidationRateDifference, string Test, double? Z, double? PValue, bool? SignificantAtFivePercent);

/// <summary>Disputes' <c>ComplaintResponse</c>.</summary>
public sealed record Complaint(
    Guid Id, Guid AccountId, string Source, string Category, string Severity, string Description, string? OwnerId, string Status,
    DateTimeOffset ReceivedAt, DateTimeOffset FirstResponseDue, DateTimeOffset CloseDue, bool Overdue);

/// <summary>The gateway's <c>ClientResponse</c> (admin API).</summary>
public sealed record ClientSummary(Guid Id, string Name);

/// <summary>Accounts' <c>PlacementResponse</c>.</summary>
public sealed record PlacementResource(
    Guid Id, Guid ClientId, string Format, string Status, long RowsRead, long Accepted, long Unchanged, long Rejected, long Conflicts,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Failure);

/// <summary>Accounts' <c>PlacementPage</c>.</summary>
public sealed record PlacementResourcePage(IReadOnlyList<PlacementResource> Items, int Page, int PageSize, int TotalItems);

/// <summary>The dashboard's filters.</summary>
public sealed record DashboardFilter(DateOnly From, DateOnly To, Guid? ClientId, string? Segment);
