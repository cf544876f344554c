using Collections.Payments.Domain;

namespace Collections.Payments.Tests;

public sealed class AchCreditFileTests
{
    private static readonly AchOriginator Originator = new("Acme Collections", "1234567890", "021000021", "JPMorgan Chase");
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 25, 14, 7, 33, TimeSpan.Zero);
    private static readonly DateOnly EffectiveDate = new(2026, 11, 26);

    [Theory]
    [InlineData("021000021")]
    [InlineData("011000015")]
    [InlineData("110000000")]
    [InlineData("122105155")]
    public void Valid_routing_numbers_pass_the_check_digit(string routing) => Assert.True(RoutingNumber.IsValid(routing));

    [Theory]
    [InlineData("021000022")]
    [InlineData("011000016")]
    [InlineData("12210515")]
    [InlineData("1221051555")]
    [InlineData("12210515a")]
    [InlineData("")]
    [InlineData(null)]
    public void Wrong_check_digits_lengths_and_characters_are_refused(string? routing) => Assert.False(RoutingNumber.IsValid(routing));

    [Fact]
    public void The_check_digit_weighs_the_digits_3_7_1()
    {
        // 3·(0+0+0) + 7·(2+0+1) + 1·(1+0) = 22 → check digit 8 makes 30.
        Assert.Equal(8, RoutingNumber.CheckDigit("02100001"));
        // 3·(0+0+0) + 7·(2+0+2) + 1·(1+0) = 29 → 1 makes 30: routing 021000021.
        Assert.Equal(1, RoutingNumber.CheckDigit("02100002"));
    }

    [Fact]
    public void One_credit_makes_ten_records_of_94_characters_padded_with_nines()
    {
        var records = Records(AchCreditFile.Build(Originator, [Credit(1234.56m)], CreatedAt, EffectiveDate, "REMITTANCE"));

        Assert.Equal(10, records.Length);
        Assert.All(records, r => Assert.Equal(94, r.Length));
        Assert.Equal(["1", "5", "6", "8", "9"], records[..5].Select(r => r[..1]));
        Assert.All(records[5..], r => Assert.Equal(new string('9', 94), r));
    }

    [Fact]
    public void The_file_header_carries_destination_origin_time_and_format()
    {
        var header = Records(AchCreditFile.Build(Originator, [Credit(1234.56m)], CreatedAt, EffectiveDate, "REMITTANCE"))[0];

        Assert.Equal("1", Field(header, 1, 1));
        Assert.Equal("01", Field(header, 2, 3));
        Assert.Equal(" 021000021", Field(header, 4, 13));
        Assert.Equal(" 021000021", Field(header, 14, 23));
        Assert.Equal("261125", Field(header, 24, 29));
        Assert.Equal("1407", Field(header, 30, 33));
        Assert.Equal("A", Field(header, 34, 34));
        Assert.Equal("094", Field(header, 35, 37));
        Assert.Equal("10", Field(header, 38, 39));
        Assert.Equal("1", Field(header, 40, 40));
        Assert.Equal("JPMORGAN CHASE".PadRight(23), Field(header, 41, 63));
        Assert.Equal("ACME COLLECTIONS".PadRight(23), Field(header, 64, 86));
        Assert.Equal(new string(' ', 8), Field(header, 87, 94));
    }

    [Fact]
    public void The_batch_header_is_a_credits_only_CCD_batch()
    {
        var batch = Records(AchCreditFile.Build(Originator, [Credit(1234.56m)], CreatedAt, EffectiveDate, "REMITTANCE"))[1];

        Assert.Equal("5", Field(batch, 1, 1));
        Assert.Equal("220", Field(batch, 2, 4));
        Assert.Equal("ACME COLLECTIONS", Field(batch, 5, 20));
        Assert.Equal(new string(' ', 20), Field(batch, 21, 40));
        Assert.Equal("1234567890", Field(batch, 41, 50));
        Assert.Equal("CCD", Field(batch, 51, 53));
        Assert.Equal("REMITTANCE", Field(batch, 54, 63));
        Assert.Equal("261125", Field(batch, 64, 69));
        Assert.Equal("261126", Field(batch, 70, 75));
        Assert.Equal("   ", Field(batch, 76, 78));
        Assert.Equal("1", Field(batch, 79, 79));
        Assert.Equal("02100002", Field(batch, 80, 87));
        Assert.Equal("0000001", Field(batch, 88, 94));
    }

    [Fact]
    public void The_entry_detail_credits_the_clients_account()
    {
        var entry = Records(AchCreditFile.Build(Originator, [Credit(1234.56m)], CreatedAt, EffectiveDate, "REMITTANCE"))[2];

        Assert.Equal("6", Field(entry, 1, 1));
        Assert.Equal("22", Field(entry, 2, 3));
        Assert.Equal("12210515", Field(entry, 4, 11));
        Assert.Equal("5", Field(entry, 12, 12));
        Assert.Equal("987654321".PadRight(17), Field(entry, 13, 29));
        Assert.Equal("0000123456", Field(entry, 30, 39));
        Assert.Equal("RS000042".PadRight(15), Field(entry, 40, 54));
        Assert.Equal("FIRST CREDITOR BANK".PadRight(22), Field(entry, 55, 76));
        Assert.Equal("  ", Field(entry, 77, 78));
        Assert.Equal("0", Field(entry, 79, 79));
        Assert.Equal("021000020000001", Field(entry, 80, 94));
    }

    [Fact]
    public void A_savings_account_is_credited_with_transaction_code_32()
    {
        var entry = Records(AchCreditFile.Build(Originator, [Credit(1m) with { AccountType = BankAccountType.Savings }], CreatedAt, EffectiveDate, "REMITTANCE"))[2];

        Assert.Equal("32", Field(entry, 2, 3));
    }

    [Fact]
    public void The_controls_count_entries_hash_routing_numbers_and_total_credits()
    {
        var records = Records(AchCreditFile.Build(
            Originator,
            [Credit(1234.56m), Credit(0.01m) with { RoutingNumber = "011000015" }, Credit(99_999_999.99m) with { RoutingNumber = "110000000" }],
            CreatedAt,
            EffectiveDate,
            "REMITTANCE"));
        var batchControl = records[5];
        var fileControl = records[6];
        // 12210515 + 01100001 + 11000000 = 24310516; cents 123456 + 1 + 9999999999 = 10000123456.
        Assert.Equal("8", Field(batchControl, 1, 1));
        Assert.Equal("220", Field(batchControl, 2, 4));
        Assert.Equal("000003", Field(batchControl, 5, 10));
        Assert.Equal("0024310516", Field(batchControl, 11, 20));
        Assert.Equal("000000000000", Field(batchControl, 21, 32));
        Assert.Equal("010000123456", Field(batchControl, 33, 44));
        Assert.Equal("1234567890", Field(batchControl, 45, 54));
        Assert.Equal(new string(' ', 25), Field(batchControl, 55, 79));
        Assert.Equal("02100002", Field(batchControl, 80, 87));
        Assert.Equal("0000001", Field(batchControl, 88, 94));

        Assert.Equal("9", Field(fileControl, 1, 1));
        Assert.Equal("000001", Field(fileControl, 2, 7));
        Assert.Equal("000001", Field(fileControl, 8, 13));
        Assert.Equal("00000003", Field(fileControl, 14, 21));
        Assert.Equal("0024310516", Field(fileControl, 22, 31));
        Assert.Equal("000000000000", Field(fileControl, 32, 43));
        Assert.Equal("010000123456", Field(fileControl, 44, 55));
        Assert.Equal(new string(' ', 39), Field(fileControl, 56, 94));
        Assert.Equal(["0000001", "0000002", "0000003"], records[2..5].Select(r => Field(r, 88, 94)));
    }

    [Fact]
    public void The_entry_hash_keeps_the_rightmost_ten_digits()
    {
        // 130 entries of 99999999 sum to 12,999,999,870: eleven digits, the leading 1 dropped.
        var credits = Enumerable.Range(0, 130).Select(_ => Credit(1m) with { RoutingNumber = "999999992" }).ToList();
        Assert.True(RoutingNumber.IsValid("999999992"));

        var records = Records(AchCreditFile.Build(Originator, credits, CreatedAt, EffectiveDate, "REMITTANCE"));

        Assert.Equal("2999999870", Field(records[132], 11, 20));
        Assert.Equal(140, records.Length);
        Assert.Equal("000014", Field(records[133], 8, 13));
        Assert.Equal("00000130", Field(records[133], 14, 21));
        Assert.Equal(new string('9', 94), records[^1]);
    }

    [Fact]
    public void A_file_that_fills_whole_blocks_gets_no_padding()
    {
        // 6 entries + 4 other records = 10.
        var records = Records(AchCreditFile.Build(Originator, [.. Enumerable.Range(0, 6).Select(_ => Credit(1m))], CreatedAt, EffectiveDate, "REMITTANCE"));

        Assert.Equal(10, records.Length);
        Assert.Equal('9', records[^1][0]);
        Assert.Equal("000001", Field(records[^1], 8, 13));
        Assert.NotEqual(new string('9', 94), records[^1]);
    }

    [Fact]
    public void Names_are_upper_cased_cut_to_their_field_and_stripped_of_non_ascii()
    {
        var entry = Records(AchCreditFile.Build(Originator, [Credit(1m) with { ReceiverName = "Crédit Agricole Very Long Name Inc" }], CreatedAt, EffectiveDate, "REMITTANCE"))[2];

        Assert.Equal("CR DIT AGRICOLE VERY L", Field(entry, 55, 76));
    }

    [Fact]
    public void Invalid_routing_numbers_and_amounts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AchCreditFile.Build(Originator, [Credit(1m) with { RoutingNumber = "122105156" }], CreatedAt, EffectiveDate, "REMITTANCE"));
        Assert.Throws<ArgumentException>(() => AchCreditFile.Build(Originator, [Credit(0m)], CreatedAt, EffectiveDate, "REMITTANCE"));
        Assert.Throws<ArgumentException>(() => AchCreditFile.Build(Originator, [Credit(1.005m)], CreatedAt, EffectiveDate, "REMITTANCE"));
    }

    private static AchCredit Credit(decimal amount) =>
        new("122105155", "987654321", BankAccountType.Checking, amount, "RS000042", "First Creditor Bank");

    private static string[] Records(string file)
    {
        Assert.EndsWith("\r\n", file, StringComparison.Ordinal);
        return file[..^2].Split("\r\n");
    }

    /// <summary>Positions as the NACHA rules number them: 1-based, inclusive.</summary>
    private static string Field(string record, int from, int to) => record[(from - 1)..to];
}
