using System.ComponentModel;
using Collections.BuildingBlocks.Security;

namespace Collections.Reporting.Apis;

/// <summary>The range and filters every KPI takes from the query string.</summary>
/// <param name="From">Start of the range, inclusive (an ISO 8601 instant; converted to UTC).</param>
/// <param name="To">End of the range, exclusive (an ISO 8601 instant; converted to UTC). At most 366 days after <paramref name="From"/>.</param>
/// <param name="ClientId">Only this client's accounts. A client's API key always sees only its own, whatever it asks.</param>
/// <param name="PlacementId">Only accounts of this placement (vintage).</param>
/// <param name="Segment">Only accounts currently in this segment.</param>
/// <param name="StrategyId">Only accounts currently assigned to this contact strategy.</param>
/// <param name="Arm">"champion" or "challenger": only accounts currently on that arm.</param>
/// <param name="AgentId">Only what this staff user recorded (attempts, RPCs, promises, payments; complaints about them).</param>
/// <param name="Currency">ISO 4217 currency of the money figures; default USD. Amounts of other currencies are left out, never added.</param>
public sealed record KpiParameters(
    [property: Description("Start of the range, inclusive (ISO 8601 instant, read as UTC).")] DateTimeOffset From,
    [property: Description("End of the range, exclusive (ISO 8601 instant, read as UTC); at most 366 days after from.")] DateTimeOffset To,
    [property: Description("Only this client's accounts (forced to the caller's own client for a client key).")] Guid? ClientId,
    [property: Description("Only accounts of this placement (vintage).")] Guid? PlacementId,
    [property: Description("Only accounts currently in this segment.")] string? Segment,
    [property: Description("Only accounts currently on this contact strategy.")] Guid? StrategyId,
    [property: Description("\"champion\" or \"challenger\".")] string? Arm,
    [property: Description("Only what this staff user recorded.")] string? AgentId,
    [property: Description("ISO 4217 currency of money figures; default USD.")] string? Currency)
{
    public const int MaxDays = 366;

    /// <summary>Checks the parameters and scopes them to the caller: a client key is always narrowed to its own client.</summary>
    public (KpiFilter? Filter, Dictionary<string, string[]> Errors) ToFilter(Caller caller)
    {
        var errors = new Dictionary<string, string[]>();
        var from = From.ToUniversalTime();
        var to = To.ToUniversalTime();
        if (to <= from)
        {
            errors["to"] = ["Must be after from."];
        }
        else if (to - from > TimeSpan.FromDays(MaxDays))
        {
            errors["to"] = [$"At most {MaxDays} days after from."];
        }

        if (Arm is not null && Arm is not ("champion" or "challenger"))
        {
            errors["arm"] = ["\"champion\" or \"challenger\"."];
        }

        var currency = Currency ?? "USD";
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["An ISO 4217 code of three capital letters."];
        }

        if (Segment is { Length: 0 or > 100 })
        {
            errors["segment"] = ["1 to 100 characters."];
        }

        if (AgentId is { Length: 0 or > 100 })
        {
            errors["agentId"] = ["1 to 100 characters."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var clientId = caller.IsClient ? caller.ClientId : ClientId;
        return (new KpiFilter(caller.TenantId!.Value, from, to, clientId, PlacementId, Segment, StrategyId, Arm, AgentId, currency), errors);
    }
}

/// <summary>A validated KPI range and filter for one tenant.</summary>
public sealed record KpiFilter(
    Guid TenantId, DateTimeOffset From, DateTimeOffset To, Guid? ClientId, Guid? PlacementId, string? Segment, Guid? StrategyId, string? Arm, string? AgentId, string Currency);
