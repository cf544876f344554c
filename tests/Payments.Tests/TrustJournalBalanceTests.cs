using System.Net;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using Collections.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class TrustJournalBalanceTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private const string BalancePath = "/api/v1/payments/journal/balance";
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_journal_balances_after_a_random_sequence_of_payments_and_reversals()
    {
        var random = new Random(6);
        var accounts = new[] { await service.SeedAccountAsync(tenantId, 100_000m), await service.SeedAccountAsync(tenantId, 100_000m) };
        var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        string[] tokens = ["tok_visa_approve", "tok_visa_decline", "tok_visa_insufficient_funds", "btok_ach_approve"];
        var posted = new List<Guid>();
        var collected = 0m;

        for (var i = 0; i < 150; i++)
        {
            if (posted.Count > 0 && random.Next(4) == 0)
            {
                var paymentId = posted[random.Next(posted.Count)];
                posted.Remove(paymentId);
                collected -= await ReverseAsync(paymentId);
                continue;
            }

            var token = tokens[random.Next(tokens.Length)];
            var amount = random.Next(1, 50_000) / 100m;
            var body = token.StartsWith("btok_", StringComparison.Ordinal) ? Ach(amount, token) : Card(amount, token);
            var response = await PayAsync(agent, accounts[random.Next(accounts.Length)].AccountId, Guid.NewGuid().ToString(), body);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                posted.Add((await response.Content.ReadFromJsonAsync<PaymentResponse>(Cancel))!.PaymentId);
                collected += amount;
            }
        }

        var journal = await service.InTenantAsync(tenantId, db => db.Journal.AsNoTracking().ToListAsync(Cancel));
        Assert.Equal(0m, journal.Sum(e => e.Debit - e.Credit));
        Assert.Equal(collected, journal.Where(e => e.Ledger == Domain.Ledger.TrustCash).Sum(e => e.Debit - e.Credit));
        var balances = await service.InTenantAsync(tenantId, db => db.Accounts.AsNoTracking().SumAsync(a => a.Balance, Cancel));
        Assert.Equal(200_000m - collected, balances);

        var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        var report = await admin.GetFromJsonAsync<JournalBalanceResponse>(BalancePath, Cancel);
        Assert.True(report!.Balanced);
        var usd = Assert.Single(report.Currencies);
        Assert.Equal(usd.Debits, usd.Credits);
        Assert.Equal(collected, usd.Ledgers.Single(l => l.Ledger == "TrustCash").Net);

        // Remitting everything takes the net due to the clients' banks and the fees to the agency: trust is empty again.
        var day = DateOnly.FromDateTime(service.Clock.GetUtcNow().UtcDateTime);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var netDue = 0m;
        foreach (var account in accounts)
        {
            var issued = await admin.PostAsJsonAsync("/api/v1/payments/remittance/statements", new { clientId = account.ClientId, currency = "USD", periodStart = day, periodEnd = day }, Cancel);
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            netDue += (await issued.Content.ReadFromJsonAsync<StatementResponse>(Cancel))!.NetDue;
        }

        journal = await service.InTenantAsync(tenantId, db => db.Journal.AsNoTracking().ToListAsync(Cancel));
        Assert.Equal(0m, journal.Sum(e => e.Debit - e.Credit));
        Assert.All(journal.GroupBy(e => e.Ledger), ledger => Assert.Equal(0m, ledger.Sum(e => e.Debit - e.Credit)));
        Assert.Equal(netDue, journal.Where(e => e.StatementId != null && e.Ledger == Domain.Ledger.ClientPayable).Sum(e => e.Debit - e.Credit));
        Assert.True((await admin.GetFromJsonAsync<JournalBalanceResponse>(BalancePath, Cancel))!.Balanced);
    }

    [Fact]
    public async Task Only_staff_admins_see_the_journal_balance()
    {
        var account = await service.SeedAccountAsync(tenantId);

        var agent = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent)).GetAsync(BalancePath, Cancel);
        var client = await service.ClientFor(TestCallers.Client(tenantId, account.ClientId)).GetAsync(BalancePath, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, client.StatusCode);
    }

    private Task<decimal> ReverseAsync(Guid paymentId) =>
        service.InTenantAsync(tenantId, async db =>
        {
            var payment = await db.Payments.SingleAsync(p => p.Id == paymentId, Cancel);
            Assert.True(await TrustPostings.ReverseAsync(db, payment, "chargeback", service.Clock.GetUtcNow(), Cancel));
            await db.SaveChangesAsync(Cancel);
            return payment.Amount;
        });
}
