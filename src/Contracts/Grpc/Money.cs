namespace Collections.Contracts.Grpc;

/// <summary>Exact conversion between <see cref="decimal"/> amounts and the wire <see cref="Money"/>.</summary>
public sealed partial class Money
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    /// <summary>Builds the wire form of an amount; amounts finer than a nano-unit are refused.</summary>
    public static Money From(decimal amount, string currencyCode)
    {
        var units = decimal.Truncate(amount);
        var nanos = (amount - units) * NanosPerUnit;
        if (nanos != decimal.Truncate(nanos))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts are carried to at most nine decimal places.");
        }

        return new Money { CurrencyCode = currencyCode, Units = (long)units, Nanos = (int)nanos };
    }

    /// <summary>The amount as a decimal, exactly.</summary>
    public decimal ToDecimal() => Units + (Nanos / NanosPerUnit);
}
