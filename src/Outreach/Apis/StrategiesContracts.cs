using System.Text.RegularExpressions;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;

namespace Collections.Outreach.Apis;

/// <summary>A strategy, or a new version of one.</summary>
/// <param name="Name">1–100 characters.</param>
/// <param name="Segment">The segment code it is for, as Accounts computes it.</param>
/// <param name="Steps">1–50 steps.</param>
/// <param name="EscalateAfterFailedAttempts">Failed call attempts after which the account goes to the senior queue (1–100), or null.</param>
/// <param name="EscalateAfterBrokenPromises">Broken promises after which the account goes to the senior queue (1–20), or null.</param>
public sealed partial record StrategyRequest(string? Name, string? Segment, IReadOnlyList<StepRequest>? Steps, int? EscalateAfterFailedAttempts, int? EscalateAfterBrokenPromises)
{
    public static bool IsSegment(string? segment) => segment is not null && SegmentPattern().IsMatch(segment);

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            errors["name"] = ["1–100 characters."];
        }

        if (!IsSegment(Segment))
        {
            errors["segment"] = ["1–100 characters: letters, digits, '-', '_' or '.'."];
        }

        if (Steps is null || Steps.Count is 0 or > 50)
        {
            errors["steps"] = ["1 to 50 steps."];
        }
        else
        {
            for (var i = 0; i < Steps.Count; i++)
            {
                var step = Steps[i];
                if (step is null || step.DayOffset is not (>= 0 and <= 365))
                {
                    errors[$"steps[{i}].dayOffset"] = ["0 to 365 days after assignment."];
                }

                if (step is null || step.Channel is not { } channel || !Enum.IsDefined(channel))
                {
                    errors[$"steps[{i}].channel"] = ["Letter, Email, Sms, Call or Voicemail."];
                }

                if (step is null || step.TemplateKey is null || !TemplateKeyPattern().IsMatch(step.TemplateKey))
                {
                    errors[$"steps[{i}].templateKey"] = ["1–64 characters: lower-case letters, digits and '-'."];
                }

                if (step?.Conditions is { } conditions && (conditions.Count > 2 || conditions.Any(c => !Enum.IsDefined(c))))
                {
                    errors[$"steps[{i}].conditions"] = ["Any of NoRightPartyContact, NoPayment."];
                }
            }
        }

        if (EscalateAfterFailedAttempts is < 1 or > 100)
        {
            errors["escalateAfterFailedAttempts"] = ["1 to 100, or null."];
        }

        if (EscalateAfterBrokenPromises is < 1 or > 20)
        {
            errors["escalateAfterBrokenPromises"] = ["1 to 20, or null."];
        }

        return errors;
    }

    public ContactStrategy ToVersion(Guid tenantId, Guid strategyId, int version, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        StrategyId = strategyId,
        Version = version,
        Name = Name!.Trim(),
        Segment = Segment!,
        Steps = [.. Steps!.Select(s => new StrategyStep { DayOffset = s.DayOffset!.Value, Channel = s.Channel!.Value, TemplateKey = s.TemplateKey!, Conditions = [.. (s.Conditions ?? []).Distinct()] })],
        EscalateAfterFailedAttempts = EscalateAfterFailedAttempts,
        EscalateAfterBrokenPromises = EscalateAfterBrokenPromises,
        CreatedAt = now,
        CreatedBy = by.Length > 64 ? by[..64] : by,
        IsCurrent = true,
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex SegmentPattern();

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    internal static partial Regex TemplateKeyPattern();
}

/// <summary>One step of a cadence.</summary>
/// <param name="DayOffset">Days after assignment, 0–365.</param>
/// <param name="Channel">Letter, Email, Sms, Call or Voicemail.</param>
/// <param name="TemplateKey">The message template or call script, e.g. "payment-reminder".</param>
/// <param name="Conditions">NoRightPartyContact, NoPayment: the step is skipped unless they hold.</param>
public sealed record StepRequest(int? DayOffset, ContactChannel? Channel, string? TemplateKey, IReadOnlyList<StepCondition>? Conditions);

/// <summary>One version of a strategy.</summary>
public sealed record StrategyResponse(Guid StrategyId, int Version, Guid VersionId, string Name, string Segment, IReadOnlyList<StrategyStep> Steps, int? EscalateAfterFailedAttempts, int? EscalateAfterBrokenPromises, bool IsCurrent, DateTimeOffset CreatedAt)
{
    public static StrategyResponse From(ContactStrategy s) =>
        new(s.StrategyId, s.Version, s.Id, s.Name, s.Segment, s.Steps, s.EscalateAfterFailedAttempts, s.EscalateAfterBrokenPromises, s.IsCurrent, s.CreatedAt);
}

/// <summary>A segment's champion and optional challenger.</summary>
/// <param name="ChampionStrategyId">The champion's strategy id.</param>
/// <param name="ChallengerStrategyId">The challenger's strategy id, or null.</param>
/// <param name="ChallengerPercent">Share of newly assigned accounts for the challenger, 0–100 with two decimals.</param>
public sealed record SplitRequest(Guid ChampionStrategyId, Guid? ChallengerStrategyId, decimal? ChallengerPercent);

/// <summary>A segment's split.</summary>
public sealed record SplitResponse(string Segment, Guid SplitId, Guid ChampionStrategyId, Guid? ChallengerStrategyId, decimal ChallengerPercent, DateTimeOffset UpdatedAt)
{
    public static SplitResponse From(SegmentSplit s) => new(s.Segment, s.SplitId, s.ChampionStrategyId, s.ChallengerStrategyId, s.ChallengerBasisPoints / 100m, s.UpdatedAt);
}

/// <summary>Which day to run.</summary>
/// <param name="BusinessDate">The business date, e.g. 2026-11-25.</param>
public sealed record StartRunRequest(DateOnly? BusinessDate);

/// <summary>An action a strategy run decided.</summary>
public sealed record PlannedContactResponse(Guid Id, DateOnly BusinessDate, string StepKey, Guid StrategyId, string Channel, string TemplateKey, string? Target, string Language, DateTimeOffset ScheduledAt, string State, string? Reasons, DateTimeOffset? CompletedAt)
{
    public static PlannedContactResponse From(PlannedContact p) =>
        new(p.Id, p.BusinessDate, p.StepKey, p.StrategyId, p.Channel.ToString(), p.TemplateKey, p.Target, p.Language, p.ScheduledAt, p.State.ToString(), p.Reasons, p.CompletedAt);
}
