namespace Collections.Outreach.Compliance;

/// <summary>
/// A weekly stretch of local time the consumer said is inconvenient, e.g. Monday 09:00–17:00. It starts on
/// <paramref name="Day"/> at <paramref name="Start"/>; when <paramref name="End"/> is not after <paramref name="Start"/>
/// it runs past midnight into the next day (Friday 20:00–10:00 ends Saturday 10:00; equal times mean a whole day).
/// </summary>
/// <param name="Day">The day the stretch starts.</param>
/// <param name="Start">Local time it starts (inclusive).</param>
/// <param name="End">Local time it ends (exclusive).</param>
public sealed record InconvenientTime(DayOfWeek Day, TimeOnly Start, TimeOnly End);
