using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>The ledgers of the agency's trust accounting.</summary>
public enum Ledger
{
    /// <summary>Consumers' money held in the trust bank account.</summary>
    TrustCash,

    /// <summary>What the agency owes the client from that money.</summary>
    ClientPayable,

    /// <summary>The agency's contingency fee, earned on collection and taken out of trust.</summary>
    AgencyFeeReceivable,
}

/// <summary>One line of the double-entry trust journal: a debit or a credit to one ledger.</summary>
public sealed class JournalEntry : ITenantOwned
{
    private JournalEntry()
    {
    }

    public long Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid PaymentId { get; private set; }

    public Guid ClientId { get; private set; }

    public Ledger Ledger { get; private set; }

    public string Currency { get; private set; } = "";

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    internal static JournalEntry Of(Payment payment, Ledger ledger, decimal debit, decimal credit, DateTimeOffset now) => new()
    {
        TenantId = payment.TenantId,
        PaymentId = payment.Id,
        ClientId = payment.ClientId,
        Ledger = ledger,
        Currency = payment.Currency,
        Debit = debit,
        Credit = credit,
        PostedAt = now,
    };
}

/// <summary>
/// The entries a payment writes: the consumer's money comes into trust cash (debit) and is owed
/// onwards, the client's share to the client and the contingency fee to the agency (credits), so
/// debits always equal credits. A reversal writes the same lines the other way round.
/// </summary>
public static class TrustJournal
{
    /// <summary>The entries posting <paramref name="payment"/> writes, with the fee at <paramref name="feePercent"/> of the amount.</summary>
    public static IReadOnlyList<JournalEntry> Posting(Payment payment, decimal feePercent, DateTimeOffset now)
    {
        var fee = Fee(payment.Amount, feePercent);
        return
        [
            JournalEntry.Of(payment, Ledger.TrustCash, payment.Amount, 0m, now),
            JournalEntry.Of(payment, Ledger.ClientPayable, 0m, payment.Amount - fee, now),
            JournalEntry.Of(payment, Ledger.AgencyFeeReceivable, 0m, fee, now),
        ];
    }

    /// <summary>The entries reversing <paramref name="posting"/>: each line with debit and credit swapped.</summary>
    public static IReadOnlyList<JournalEntry> Reversal(Payment payment, IEnumerable<JournalEntry> posting, DateTimeOffset now) =>
        [.. posting.Select(line => JournalEntry.Of(payment, line.Ledger, line.Credit, line.Debit, now))];

    /// <summary>The contingency fee, rounded to the cent half away from zero.</summary>
    public static decimal Fee(decimal amount, decimal feePercent) =>
        Math.Round(amount * feePercent / 100m, 2, MidpointRounding.AwayFromZero);
}
