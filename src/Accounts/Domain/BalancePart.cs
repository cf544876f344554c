namespace Collections.Accounts.Domain;

/// <summary>The parts of an account's balance a payment or credit is applied to.</summary>
public enum BalancePart
{
    Fees,
    Interest,
    Principal,
}

/// <summary>
/// The order in which a client wants payments applied to the balance parts. Every part appears
/// once; the default (fees, then interest, then principal) applies until the client says otherwise.
/// </summary>
public sealed record PaymentApplicationOrder
{
    private PaymentApplicationOrder(IReadOnlyList<BalancePart> parts) => Parts = parts;

    public static PaymentApplicationOrder Default { get; } = new([BalancePart.Fees, BalancePart.Interest, BalancePart.Principal]);

    public IReadOnlyList<BalancePart> Parts { get; }

    /// <summary>Reads an order such as ["principal", "interest", "fees"]; null unless it names each part exactly once.</summary>
    public static PaymentApplicationOrder? Parse(IEnumerable<string>? names)
    {
        if (names is null)
        {
            return null;
        }

        var parts = new List<BalancePart>();
        foreach (var name in names)
        {
            if (!Enum.TryParse<BalancePart>(name?.Trim(), ignoreCase: true, out var part) || !Enum.IsDefined(part) || parts.Contains(part))
            {
                return null;
            }

            parts.Add(part);
        }

        return parts.Count == 3 ? new PaymentApplicationOrder(parts) : null;
    }

    /// <summary>The order as stored and published: lower-case names, comma-separated.</summary>
    public override string ToString() => string.Join(",", Parts.Select(p => p.ToString().ToLowerInvariant()));
}

/// <summary>What an amount took from each balance part; whatever exceeded the balance is <see cref="Credit"/>.</summary>
public sealed record Allocation(decimal Fees, decimal Interest, decimal Principal, decimal Credit)
{
    public decimal Applied => Fees + Interest + Principal;

    /// <summary>Splits <paramref name="amount"/> over the balances in <paramref name="order"/>; the excess becomes credit.</summary>
    public static Allocation Of(decimal amount, decimal fees, decimal interest, decimal principal, PaymentApplicationOrder order)
    {
        var left = amount;
        var taken = new Dictionary<BalancePart, decimal>();
        foreach (var part in order.Parts)
        {
            var owed = part switch
            {
                BalancePart.Fees => fees,
                BalancePart.Interest => interest,
                _ => principal,
            };
            var take = Math.Min(left, owed);
            taken[part] = take;
            left -= take;
        }

        return new Allocation(taken[BalancePart.Fees], taken[BalancePart.Interest], taken[BalancePart.Principal], left);
    }
}
