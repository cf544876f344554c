namespace Collections.Payments.Domain;

/// <summary>How often a plan's instalments fall due.</summary>
public enum PlanFrequency
{
    Weekly,
    Biweekly,
    Monthly,
}

/// <summary>One instalment of a schedule: its number (from 1), due date and amount.</summary>
public sealed record ScheduledInstalment(int Number, DateOnly DueDate, decimal Amount);

/// <summary>
/// The instalments of a plan: equal amounts rounded down to the currency's minor unit, the last one
/// absorbing the rounding so they sum exactly to the total; due dates every week, two weeks or month
/// from the first, a monthly date past the end of a shorter month falling on its last day.
/// </summary>
public static class InstalmentSchedule
{
    /// <summary>The schedule; <see cref="ArgumentException"/> when <paramref name="total"/> cannot give every instalment at least one minor unit.</summary>
    public static IReadOnlyList<ScheduledInstalment> Build(decimal total, string currency, int count, PlanFrequency frequency, DateOnly firstDueDate)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A plan has at least one instalment.");
        }

        if (!CanSplit(total, currency, count))
        {
            throw new ArgumentException($"{total} {currency} cannot be split into {count} positive instalments.", nameof(total));
        }

        var equal = RoundDown(total / count, Currencies.MinorUnits(currency));
        var instalments = new List<ScheduledInstalment>(count);
        for (var i = 0; i < count; i++)
        {
            var amount = i == count - 1 ? total - (equal * (count - 1)) : equal;
            instalments.Add(new ScheduledInstalment(i + 1, DueDate(firstDueDate, frequency, i), amount));
        }

        return instalments;
    }

    /// <summary>True when <paramref name="total"/> is positive, in whole minor units and gives each of <paramref name="count"/> instalments at least one minor unit.</summary>
    public static bool CanSplit(decimal total, string currency, int count)
    {
        var digits = Currencies.MinorUnits(currency);
        return count >= 1 && total > 0m && decimal.Round(total, digits) == total && total >= count * Currencies.MinorUnit(currency);
    }

    /// <summary>The amount of each instalment but the last.</summary>
    public static decimal EqualInstalment(decimal total, string currency, int count) =>
        RoundDown(total / count, Currencies.MinorUnits(currency));

    /// <summary>The due date of the instalment at <paramref name="index"/> (0 is the first).</summary>
    public static DateOnly DueDate(DateOnly first, PlanFrequency frequency, int index) => frequency switch
    {
        PlanFrequency.Weekly => first.AddDays(7 * index),
        PlanFrequency.Biweekly => first.AddDays(14 * index),
        // Counted from the first date each time, so 31 January gives 28/29 February and then 31 March again.
        PlanFrequency.Monthly => first.AddMonths(index),
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Unknown frequency."),
    };

    private static decimal RoundDown(decimal value, int digits) => decimal.Round(value, digits, MidpointRounding.ToZero);
}

/// <summary>The minor units (decimal places) of ISO 4217 currencies that do not use two.</summary>
public static class Currencies
{
    private static readonly HashSet<string> WithoutMinorUnit = new(
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"],
        StringComparer.Ordinal);

    private static readonly HashSet<string> WithThreeDecimals = new(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], StringComparer.Ordinal);

    /// <summary>Decimal places of <paramref name="currency"/>: 2 unless ISO 4217 says otherwise.</summary>
    public static int MinorUnits(string currency) =>
        WithoutMinorUnit.Contains(currency) ? 0 : WithThreeDecimals.Contains(currency) ? 3 : 2;

    /// <summary>The smallest amount of <paramref name="currency"/>, e.g. 0.01 USD or 1 JPY.</summary>
    public static decimal MinorUnit(string currency) => MinorUnits(currency) switch
    {
        0 => 1m,
        3 => 0.001m,
        _ => 0.01m,
    };
}
