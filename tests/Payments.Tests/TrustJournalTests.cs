using Collections.Payments.Domain;

namespace Collections.Payments.Tests;

public sealed class TrustJournalTests
{
    [Fact]
    public void Every_posting_and_its_reversal_balance_for_any_amount_and_fee()
    {
        var random = new Random(20261125);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 10_000; i++)
        {
            var amount = random.Next(1, 10_000_000) / 100m;
            var feePercent = random.Next(0, 10_001) / 100m;
            var payment = Approved(amount);

            var posting = TrustJournal.Posting(payment, feePercent, now);
            var reversal = TrustJournal.Reversal(payment, posting, now);

            Assert.Equal(posting.Sum(e => e.Debit), posting.Sum(e => e.Credit));
            Assert.Equal(amount, posting.Sum(e => e.Debit));
            Assert.All(posting.Concat(reversal), e => Assert.True(e.Debit >= 0m && e.Credit >= 0m));
            Assert.All(
                posting.Concat(reversal).GroupBy(e => e.Ledger),
                ledger => Assert.Equal(0m, ledger.Sum(e => e.Debit - e.Credit)));
        }
    }

    [Fact]
    public void Remitting_a_statement_balances_and_empties_trust_of_what_it_carried()
    {
        var random = new Random(314);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 1_000; i++)
        {
            var feePercent = random.Next(0, 10_001) / 100m;
            var payments = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Approved(random.Next(1, 1_000_000) / 100m)).ToList();
            var reversed = payments.Where(_ => random.Next(3) == 0).ToList();
            var journal = payments.SelectMany(p => TrustJournal.Posting(p, feePercent, now)).ToList();
            journal.AddRange(reversed.SelectMany(p => TrustJournal.Reversal(p, journal.Where(e => e.PaymentId == p.Id).ToList(), now)));
            var items = payments.Select(p => Item(StatementLineKind.Payment, p, feePercent))
                .Concat(reversed.Select(p => Item(StatementLineKind.Reversal, p, feePercent)));
            var period = StatementPeriod.Of(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), TimeZoneInfo.Utc);
            var statement = RemittanceStatement.Issue(Guid.NewGuid(), Guid.NewGuid(), 1, "USD", period, items, "test", now);

            var remittance = TrustJournal.Remittance(statement);
            journal.AddRange(remittance);

            Assert.Equal(remittance.Sum(e => e.Debit), remittance.Sum(e => e.Credit));
            Assert.All(remittance, e => Assert.True(e.Debit >= 0m && e.Credit >= 0m));
            Assert.All(journal.GroupBy(e => e.Ledger), ledger => Assert.Equal(0m, ledger.Sum(e => e.Debit - e.Credit)));
            Assert.Equal(statement.Collected - statement.Reversed - statement.Fees, statement.NetDue);
        }
    }

    [Fact]
    public void A_statement_period_is_whole_days_in_its_zone_across_a_daylight_saving_change()
    {
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

        // Daylight saving time ends on 1 November 2026: the month starts at CDT (UTC−5) and ends at CST (UTC−6).
        var november = StatementPeriod.Of(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), chicago);
        var utc = StatementPeriod.Of(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero), november.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero), november.EndsAt);
        Assert.Equal("America/Chicago", november.TimeZone);
        Assert.Equal((new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), (utc.StartsAt, utc.EndsAt));
    }

    [Fact]
    public void The_fee_is_the_contingency_percentage_rounded_to_the_cent()
    {
        Assert.Equal(33.33m, TrustJournal.Fee(100.01m, 33.33m));
        Assert.Equal(0.02m, TrustJournal.Fee(0.03m, 50m));
        Assert.Equal(0.01m, TrustJournal.Fee(0.02m, 25m));
    }

    private static StatementItem Item(StatementLineKind kind, Payment payment, decimal feePercent) =>
        new(kind, payment.Id, payment.AccountId, "REF", payment.CreatedAt, payment.Amount, feePercent, TrustJournal.Fee(payment.Amount, feePercent));

    private static Payment Approved(decimal amount)
    {
        var account = new PayableAccount { AccountId = Guid.NewGuid(), TenantId = Guid.NewGuid(), ClientId = Guid.NewGuid(), ConsumerId = Guid.NewGuid(), Currency = "USD", Balance = amount };
        return Payment.From(account, amount, PaymentMethodKind.Card, "tok_visa_approve", new ChargeApproved("ch_1", "Visa", "4242", SettlesLater: false), DateTimeOffset.UtcNow);
    }
}
