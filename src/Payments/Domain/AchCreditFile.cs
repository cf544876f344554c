using System.Globalization;
using System.Text;

namespace Collections.Payments.Domain;

/// <summary>ABA routing numbers: nine digits whose weighted sum (3, 7, 1 repeated) is a multiple of ten.</summary>
public static class RoutingNumber
{
    /// <summary>True for nine ASCII digits with a correct check digit.</summary>
    public static bool IsValid(string? routing)
    {
        if (routing is not { Length: 9 } || !routing.All(char.IsAsciiDigit))
        {
            return false;
        }

        return CheckDigit(routing[..8]) == routing[8] - '0';
    }

    /// <summary>The check digit of the first eight digits.</summary>
    public static int CheckDigit(string firstEight)
    {
        int[] weights = [3, 7, 1, 3, 7, 1, 3, 7];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (firstEight[i] - '0') * weights[i];
        }

        return (10 - (sum % 10)) % 10;
    }
}

/// <summary>One credit to a client's bank account in an ACH file.</summary>
/// <param name="RoutingNumber">The receiving bank's nine-digit routing number.</param>
/// <param name="AccountNumber">The receiver's account number, up to 17 characters.</param>
/// <param name="AccountType">Checking (transaction code 22) or savings (32).</param>
/// <param name="Amount">Dollars and cents, more than zero.</param>
/// <param name="IdentificationNumber">Up to 15 characters the receiver sees, e.g. the statement number.</param>
/// <param name="ReceiverName">Up to 22 characters.</param>
public sealed record AchCredit(string RoutingNumber, string AccountNumber, BankAccountType AccountType, decimal Amount, string IdentificationNumber, string ReceiverName);

/// <summary>The originator of an ACH file: the tenant and its bank.</summary>
public sealed record AchOriginator(string CompanyName, string CompanyIdentification, string OriginatingBankRouting, string OriginatingBankName);

/// <summary>
/// A NACHA-format file of one CCD batch of credits (service class 220): file header (1), batch header
/// (5), an entry detail (6) per credit, batch control (8), file control (9), padded with records of
/// nines to whole blocks of ten; every record 94 characters, lines ended by CR LF.
/// </summary>
public static class AchCreditFile
{
    public const int RecordLength = 94;
    public const int BlockingFactor = 10;

    /// <summary>The file's text for <paramref name="credits"/>, created at <paramref name="createdAt"/> (UTC), settling on <paramref name="effectiveDate"/>.</summary>
    public static string Build(AchOriginator originator, IReadOnlyList<AchCredit> credits, DateTimeOffset createdAt, DateOnly effectiveDate, string entryDescription, char fileIdModifier = 'A')
    {
        ArgumentOutOfRangeException.ThrowIfZero(credits.Count);
        if (!RoutingNumber.IsValid(originator.OriginatingBankRouting) || credits.Any(c => !RoutingNumber.IsValid(c.RoutingNumber)))
        {
            throw new ArgumentException("Every routing number must be nine digits with a valid check digit.", nameof(credits));
        }

        if (credits.Any(c => c.Amount <= 0m || decimal.Round(c.Amount, 2) != c.Amount || c.Amount >= 100_000_000m))
        {
            throw new ArgumentException("Every credit must be more than zero, in whole cents, below 100,000,000.", nameof(credits));
        }

        var created = createdAt.ToUniversalTime();
        var odfi = originator.OriginatingBankRouting[..8];
        var records = new List<string>
        {
            Record(
                "1",
                "01",
                " " + originator.OriginatingBankRouting,
                " " + originator.OriginatingBankRouting,
                created.ToString("yyMMdd", CultureInfo.InvariantCulture),
                created.ToString("HHmm", CultureInfo.InvariantCulture),
                fileIdModifier.ToString(),
                "094",
                "10",
                "1",
                Alpha(originator.OriginatingBankName, 23),
                Alpha(originator.CompanyName, 23),
                Alpha("", 8)),
            Record(
                "5",
                "220",
                Alpha(originator.CompanyName, 16),
                Alpha("", 20),
                Alpha(originator.CompanyIdentification, 10),
                "CCD",
                Alpha(entryDescription, 10),
                created.ToString("yyMMdd", CultureInfo.InvariantCulture),
                effectiveDate.ToString("yyMMdd", CultureInfo.InvariantCulture),
                "   ",
                "1",
                odfi,
                Numeric(1, 7)),
        };

        long entryHash = 0;
        long totalCredit = 0;
        for (var i = 0; i < credits.Count; i++)
        {
            var credit = credits[i];
            var cents = (long)(credit.Amount * 100m);
            entryHash += long.Parse(credit.RoutingNumber[..8], CultureInfo.InvariantCulture);
            totalCredit += cents;
            records.Add(Record(
                "6",
                credit.AccountType == BankAccountType.Savings ? "32" : "22",
                credit.RoutingNumber[..8],
                credit.RoutingNumber[8..],
                Alpha(credit.AccountNumber, 17),
                Numeric(cents, 10),
                Alpha(credit.IdentificationNumber, 15),
                Alpha(credit.ReceiverName, 22),
                "  ",
                "0",
                odfi + Numeric(i + 1, 7)));
        }

        var hash = Numeric(entryHash % 10_000_000_000L, 10);
        records.Add(Record(
            "8",
            "220",
            Numeric(credits.Count, 6),
            hash,
            Numeric(0, 12),
            Numeric(totalCredit, 12),
            Alpha(originator.CompanyIdentification, 10),
            Alpha("", 19),
            Alpha("", 6),
            odfi,
            Numeric(1, 7)));

        var withControl = records.Count + 1;
        var blocks = (withControl + BlockingFactor - 1) / BlockingFactor;
        records.Add(Record(
            "9",
            Numeric(1, 6),
            Numeric(blocks, 6),
            Numeric(credits.Count, 8),
            hash,
            Numeric(0, 12),
            Numeric(totalCredit, 12),
            Alpha("", 39)));
        while (records.Count % BlockingFactor != 0)
        {
            records.Add(new string('9', RecordLength));
        }

        var file = new StringBuilder();
        foreach (var record in records)
        {
            file.Append(record).Append("\r\n");
        }

        return file.ToString();
    }

    private static string Record(params string[] fields)
    {
        var record = string.Concat(fields);
        if (record.Length != RecordLength)
        {
            throw new InvalidOperationException($"An ACH record must be {RecordLength} characters, not {record.Length}.");
        }

        return record;
    }

    /// <summary>Left-justified, space-filled, upper-case, printable ASCII only, cut to <paramref name="length"/>.</summary>
    internal static string Alpha(string value, int length)
    {
        var text = new string([.. value.ToUpperInvariant().Select(c => c is >= ' ' and <= '~' ? c : ' ')]);
        return text.Length >= length ? text[..length] : text.PadRight(length);
    }

    /// <summary>Right-justified, zero-filled.</summary>
    internal static string Numeric(long value, int length)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (value < 0 || text.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Does not fit {length} digits.");
        }

        return text.PadLeft(length, '0');
    }
}
