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

    /// <summary>The payment a posting or reversal line belongs to; null on remittance lines.</summary>
    public Guid? PaymentId { get; private set; }

    /// <summary>The remittance statement a remittance line belongs to; null on payment lines.</summary>
    public Guid? StatementId { get; private set; }

    public Guid ClientId { get; private set; }

    public Ledger Ledger { get; private set; }

    public string Currency { get; private set; } = "";

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }

    /// <summary>The client's contingency fee percentage the payment's split used (kept on every line of a posting and its reversal).</summary>
    public decimal? FeePercent { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    internal static JournalEntry Of(Payment payment, Ledger ledger, decimal debit, decimal credit, decimal? feePercent, DateTimeOffset now) => new()
    {
        TenantId = payment.TenantId,
        PaymentId = payment.Id,
        ClientId = payment.ClientId,
        Ledger = ledger,
        Currency = payment.Currency,
        Debit = debit,
        Credit = credit,
        FeePercent = feePercent,
        PostedAt = now,
    };

    internal static JournalEntry Of(RemittanceStatement statement, Ledger ledger, decimal debit, decimal credit) => new()
    {
        TenantId = statement.TenantId,
        StatementId = statement.Id,
        ClientId = statement.ClientId,
        Ledger = ledger,
        Currency = statement.Currency,
        Debit = debit,
        Credit = credit,
        PostedAt = statement.IssuedAt,
    };
}

/// <summary>
/// The entries a payment writes: the consumer's money comes into trust cash (debit) and is owed
/// onwards, the client's share to the client and the contingency fee to the agency (credits), so
/// debits always equal credits. A reversal writes the same lines the other way round. A remittance
/// takes the client's net due and the agency's fees out of trust cash.
/// </summary>
public static class TrustJournal
{
    /// <summary>The entries posting <paramref name="payment"/> writes, with the fee at <paramref name="feePercent"/> of the amount.</summary>
    public static IReadOnlyList<JournalEntry> Posting(Payment payment, decimal feePercent, DateTimeOffset now)
    {
        var fee = Fee(payment.Amount, feePercent);
        return
        [
            JournalEntry.Of(payment, Ledger.TrustCash, payment.Amount, 0m, feePercent, now),
            JournalEntry.Of(payment, Ledger.ClientPayable, 0m, payment.Amount - fee, feePercent, now),
            JournalEntry.Of(payment, Ledger.AgencyFeeReceivable, 0m, fee, feePercent, now),
        ];
    }

    /// <summary>
    /// The entries issuing <paramref name="statement"/> writes: the net due leaves trust cash for the
    /// client's bank (client payable debited) and the fees leave it for the agency (fee receivable
    /// debited). A negative net due (reversals beyond collections) is owed back by the client: the
    /// same lines with the sides swapped.
    /// </summary>
    public static IReadOnlyList<JournalEntry> Remittance(RemittanceStatement statement)
    {
        var entries = new List<JournalEntry>();
        AddTransfer(entries, statement, Ledger.ClientPayable, statement.NetDue);
        AddTransfer(entries, statement, Ledger.AgencyFeeReceivable, statement.Fees);
        return entries;
    }

    /// <summary>The entries reversing <paramref name="posting"/>: each line with debit and credit swapped.</summary>
    public static IReadOnlyList<JournalEntry> Reversal(Payment payment, IEnumerable<JournalEntry> posting, DateTimeOffset now) =>
        [.. posting.Select(line => JournalEntry.Of(payment, line.Ledger, line.Credit, line.Debit, line.FeePercent, now))];

    /// <summary>The contingency fee, rounded to the cent half away from zero.</summary>
    public static decimal Fee(decimal amount, decimal feePercent) =>
        Math.Round(amount * feePercent / 100m, 2, MidpointRounding.AwayFromZero);

    private static void AddTransfer(List<JournalEntry> entries, RemittanceStatement statement, Ledger from, decimal amount)
    {
        if (amount == 0m)
        {
            return;
        }

        var paid = Math.Abs(amount);
        entries.Add(JournalEntry.Of(statement, from, amount > 0m ? paid : 0m, amount > 0m ? 0m : paid));
        entries.Add(JournalEntry.Of(statement, Ledger.TrustCash, amount > 0m ? 0m : paid, amount > 0m ? paid : 0m));
    }
}
