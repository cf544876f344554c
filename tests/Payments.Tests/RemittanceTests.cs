using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class RemittanceTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private const string StatementsPath = "/api/v1/payments/remittance/statements";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Agent => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

    private HttpClient Admin => service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));

    [Fact]
    public async Task A_statement_lists_the_periods_payments_and_reversals_with_fees_and_the_net_due()
    {
        var clientId = Guid.NewGuid();
        await SetFeeAsync(clientId, 30m, service.Clock.GetUtcNow().AddMinutes(-1));
        var first = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var second = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var otherClients = await service.SeedAccountAsync(tenantId, 1_000m);
        var day = Today();

        var p100 = await PayAsync(first.AccountId, 100m);
        var p3333 = await PayAsync(second.AccountId, 33.33m);
        var p50 = await PayAsync(first.AccountId, 50m);
        await ReverseAsync(p50);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PaymentsServiceFactory.PayAsync(Agent, first.AccountId, Guid.NewGuid().ToString(), Card(20m, "tok_visa_decline"))).StatusCode);
        await PayAsync(otherClients.AccountId, 40m);
        service.Clock.Advance(TimeSpan.FromDays(1));

        var statement = await IssueAsync(clientId, day, day);

        // 100.00 → fee 30.00; 33.33 → fee 10.00 (9.999 rounded); 50.00 → fee 15.00, reversed with its fee.
        Assert.Equal((183.33m, 50.00m, 40.00m, 93.33m), (statement.Collected, statement.Reversed, statement.Fees, statement.NetDue));
        Assert.Equal(
            [
                ("payment", p100, 100.00m, 30m, 30.00m, 70.00m),
                ("payment", p3333, 33.33m, 30m, 10.00m, 23.33m),
                ("payment", p50, 50.00m, 30m, 15.00m, 35.00m),
                ("reversal", p50, -50.00m, 30m, -15.00m, -35.00m),
            ],
            statement.Lines.Select(l => (l.Kind, l.PaymentId, l.Amount, l.FeePercent, l.Fee, l.Net)));
        Assert.Equal(first.ClientReference, statement.Lines[0].ClientReference);
        Assert.Equal(("USD", day, day, "UTC"), (statement.Currency, statement.PeriodStart, statement.PeriodEnd, statement.TimeZone));
        var issued = Assert.Single(await service.OutboxAsync(tenantId, nameof(RemittanceStatementIssued)));
        var evt = JsonSerializer.Deserialize<RemittanceStatementIssued>(issued.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((statement.StatementId, clientId, day, day), (evt.StatementId, evt.ClientId, evt.PeriodStart, evt.PeriodEnd));
        Assert.Equal((183.33m, 50.00m, 40.00m, 93.33m, "USD"), (evt.Collected, evt.Reversed, evt.Fees, evt.NetDue, evt.Currency));
    }

    [Fact]
    public async Task An_issued_statement_and_its_lines_cannot_be_changed_or_deleted_even_in_the_database()
    {
        var clientId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var day = Today();
        await PayAsync(account.AccountId, 10m);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var statement = await IssueAsync(clientId, day, day);

        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync(Cancel);
        string[] tampering =
        [
            $"UPDATE remittance_statements SET \"NetDue\" = 0 WHERE \"Id\" = '{statement.StatementId}'",
            $"DELETE FROM remittance_statement_lines WHERE \"StatementId\" = '{statement.StatementId}'",
            $"DELETE FROM remittance_statements WHERE \"Id\" = '{statement.StatementId}'",
        ];
        foreach (var sql in tampering)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Cancel));
        }

        var again = await Admin.GetFromJsonAsync<StatementResponse>($"{StatementsPath}/{statement.StatementId}", Cancel);
        Assert.Equal((7.50m, 1), (again!.NetDue, again.Lines.Count));
    }

    [Fact]
    public async Task A_reversal_of_a_remitted_payment_is_deducted_in_the_next_statement()
    {
        var clientId = Guid.NewGuid();
        await SetFeeAsync(clientId, 30m, service.Clock.GetUtcNow().AddMinutes(-1));
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var firstDay = Today();
        var remitted = await PayAsync(account.AccountId, 200m);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var first = await IssueAsync(clientId, firstDay, firstDay);

        var secondDay = Today();
        await ReverseAsync(remitted);
        var later = await PayAsync(account.AccountId, 10m);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var second = await IssueAsync(clientId, secondDay, secondDay);

        Assert.Equal((200m, 0m, 60m, 140m), (first.Collected, first.Reversed, first.Fees, first.NetDue));
        Assert.Equal(first.Number + 1, second.Number);
        // 10.00 in (fee 3.00), 200.00 out with its 60.00 fee given back: 7.00 − 140.00.
        Assert.Equal((10m, 200m, -57m, -133m), (second.Collected, second.Reversed, second.Fees, second.NetDue));
        Assert.Equal(
            [("reversal", remitted, -200m, -60m, -140m), ("payment", later, 10m, 3m, 7m)],
            second.Lines.Select(l => (l.Kind, l.PaymentId, l.Amount, l.Fee, l.Net)).OrderBy(l => l.Amount));
        var nacha = await Admin.GetAsync($"{StatementsPath}/{second.StatementId}/nacha", Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nacha.StatusCode);
    }

    [Fact]
    public async Task A_payment_is_carried_by_exactly_one_statement()
    {
        var clientId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var firstDay = Today();
        var paymentId = await PayAsync(account.AccountId, 25m);
        service.Clock.Advance(TimeSpan.FromDays(1));
        await IssueAsync(clientId, firstDay, firstDay);

        var again = await Admin.PostAsJsonAsync(StatementsPath, Request(clientId, firstDay, firstDay), Cancel);
        var overlapping = await Admin.PostAsJsonAsync(StatementsPath, Request(clientId, firstDay.AddDays(-3), firstDay), Cancel);
        service.Clock.Advance(TimeSpan.FromDays(1));
        // A later period that starts before the payment's day would still not carry it twice.
        var next = await IssueAsync(clientId, firstDay.AddDays(1), Today().AddDays(-1));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, overlapping.StatusCode);
        Assert.Empty(next.Lines);
        Assert.Equal(0m, next.NetDue);
        var lines = await service.InTenantAsync(tenantId, db => db.StatementLines.Where(l => l.PaymentId == paymentId).ToListAsync(Cancel));
        Assert.Single(lines);
    }

    [Fact]
    public async Task A_payment_made_before_an_issued_period_but_not_yet_remitted_goes_into_the_next_statement()
    {
        var clientId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var paymentDay = Today();
        var paymentId = await PayAsync(account.AccountId, 25m);
        service.Clock.Advance(TimeSpan.FromDays(2));

        var statement = await IssueAsync(clientId, paymentDay.AddDays(1), paymentDay.AddDays(1));

        Assert.Equal(paymentId, Assert.Single(statement.Lines).PaymentId);
    }

    [Fact]
    public async Task The_contingency_fee_is_the_clients_rate_in_force_when_each_payment_is_posted_and_a_reversal_gives_back_the_original_split()
    {
        var clientId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var start = service.Clock.GetUtcNow();
        var atDefault = await PayAsync(account.AccountId, 100m);
        await SetFeeAsync(clientId, 20m, start.AddSeconds(1));
        service.Clock.Advance(TimeSpan.FromMinutes(1));
        var atTwenty = await PayAsync(account.AccountId, 100m);
        await SetFeeAsync(clientId, 35.5m, service.Clock.GetUtcNow().AddSeconds(1));
        // A change that happened earlier but arrives late does not replace the newer one.
        await SetFeeAsync(clientId, 10m, start.AddSeconds(30));
        service.Clock.Advance(TimeSpan.FromMinutes(1));
        var atThirtyFiveAndAHalf = await PayAsync(account.AccountId, 100m);
        await ReverseAsync(atTwenty);

        var journal = await service.InTenantAsync(tenantId, db => db.Journal.AsNoTracking().Where(e => e.Ledger == Ledger.AgencyFeeReceivable).ToListAsync(Cancel));
        decimal Fee(Guid paymentId) => journal.Where(e => e.PaymentId == paymentId).Sum(e => e.Credit - e.Debit);
        Assert.Equal(25m, Fee(atDefault));
        Assert.Equal(0m, Fee(atTwenty));
        Assert.Equal(35.50m, Fee(atThirtyFiveAndAHalf));
        var reversedLines = journal.Where(e => e.PaymentId == atTwenty).ToList();
        Assert.Equal([(0m, 20m, 20m), (20m, 0m, 20m)], reversedLines.Select(e => (e.Debit, e.Credit, e.FeePercent!.Value)).OrderBy(l => l.Item1));

        var rates = await Admin.GetFromJsonAsync<List<FeeRateResponse>>($"/api/v1/payments/remittance/clients/{clientId}/fee-rates", Cancel);
        Assert.Equal([35.5m, 10m, 20m], rates!.Select(r => r.Percent));
    }

    [Fact]
    public async Task A_client_lists_and_downloads_only_its_own_statements()
    {
        var ours = Guid.NewGuid();
        var theirs = Guid.NewGuid();
        var ourAccount = await service.SeedAccountAsync(tenantId, 1_000m, ours);
        var theirAccount = await service.SeedAccountAsync(tenantId, 1_000m, theirs);
        var day = Today();
        await PayAsync(ourAccount.AccountId, 10m);
        await PayAsync(theirAccount.AccountId, 20m);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var ourStatement = await IssueAsync(ours, day, day);
        var theirStatement = await IssueAsync(theirs, day, day);
        var client = service.ClientFor(TestCallers.Client(tenantId, ours));

        var listed = await client.GetFromJsonAsync<List<StatementResponse>>(StatementsPath, Cancel);
        var filteredToTheirs = await client.GetFromJsonAsync<List<StatementResponse>>($"{StatementsPath}?clientId={theirs}", Cancel);
        var own = await client.GetAsync($"{StatementsPath}/{ourStatement.StatementId}", Cancel);
        var ownCsv = await client.GetAsync($"{StatementsPath}/{ourStatement.StatementId}/csv", Cancel);
        var other = await client.GetAsync($"{StatementsPath}/{theirStatement.StatementId}", Cancel);
        var otherCsv = await client.GetAsync($"{StatementsPath}/{theirStatement.StatementId}/csv", Cancel);
        var otherTenant = await service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)).GetAsync($"{StatementsPath}/{ourStatement.StatementId}", Cancel);
        var ach = await client.GetAsync($"{StatementsPath}/{ourStatement.StatementId}/nacha", Cancel);

        Assert.Equal(ourStatement.StatementId, Assert.Single(listed!).StatementId);
        Assert.Empty(filteredToTheirs!);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("text/csv", ownCsv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherCsv.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ach.StatusCode);
    }

    [Fact]
    public async Task The_csv_lists_every_line_and_a_total_row()
    {
        var clientId = Guid.NewGuid();
        await SetFeeAsync(clientId, 25m, service.Clock.GetUtcNow().AddMinutes(-1));
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var day = Today();
        var paid = await PayAsync(account.AccountId, 80m);
        var reversed = await PayAsync(account.AccountId, 40m);
        await ReverseAsync(reversed);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var statement = await IssueAsync(clientId, day, day);

        var csv = await Admin.GetStringAsync($"{StatementsPath}/{statement.StatementId}/csv", Cancel);

        var rows = csv.TrimEnd().Split("\r\n");
        Assert.Equal("statement_number,kind,payment_id,account_id,client_reference,occurred_at,amount,currency,fee_percent,fee,net", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.StartsWith($"{statement.StatementNumber},payment,{paid},{account.AccountId},{account.ClientReference},", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",80.00,USD,25.00,20.00,60.00", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",-40.00,USD,25.00,-10.00,-30.00", rows[3], StringComparison.Ordinal);
        Assert.Equal($"{statement.StatementNumber},total,,,,,80.00,USD,,20.00,60.00", rows[4]);
    }

    [Fact]
    public async Task The_ach_file_credits_the_net_due_to_the_clients_bank_account()
    {
        var clientId = Guid.NewGuid();
        await SetFeeAsync(clientId, 25m, service.Clock.GetUtcNow().AddMinutes(-1));
        var account = await service.SeedAccountAsync(tenantId, 1_000m, clientId);
        var day = Today();
        await PayAsync(account.AccountId, 123.45m);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var statement = await IssueAsync(clientId, day, day);
        var admin = Admin;
        var missing = await admin.GetAsync($"{StatementsPath}/{statement.StatementId}/nacha", Cancel);
        (await admin.PutAsJsonAsync("/api/v1/payments/remittance/originator", new { companyName = "Acme Collections", companyIdentification = "1234567890", originatingBankRouting = "021000021", originatingBankName = "JPMorgan Chase" }, Cancel)).EnsureSuccessStatusCode();
        var bank = await admin.PutAsJsonAsync($"/api/v1/payments/remittance/clients/{clientId}/bank-account", new { accountName = "First Creditor", routingNumber = "122105155", accountNumber = "4455667788", accountType = "checking" }, Cancel);

        var file = await admin.GetStringAsync($"{StatementsPath}/{statement.StatementId}/nacha", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bank.StatusCode);
        var shown = await bank.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("4455667788", shown, StringComparison.Ordinal);
        Assert.Contains("\"accountLastFour\":\"7788\"", shown, StringComparison.Ordinal);
        var records = file.TrimEnd().Split("\r\n");
        Assert.Equal(10, records.Length);
        // 123.45 less 25 % (30.86) = 92.59.
        Assert.Equal($"622122105155{"4455667788",-17}0000009259{statement.StatementNumber,-15}{"FIRST CREDITOR",-22}  0021000020000001", records[2]);
        Assert.Equal("000000009259", records[3][32..44]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"clientId":"00000000-0000-0000-0000-000000000000","currency":"USD","periodStart":"2026-01-01","periodEnd":"2026-01-31"}""")]
    [InlineData("""{"clientId":"5b0c3f5e-1d4a-4c57-9d3a-2f6f8a5e7c11","currency":"usd","periodStart":"2026-01-01","periodEnd":"2026-01-31"}""")]
    [InlineData("""{"clientId":"5b0c3f5e-1d4a-4c57-9d3a-2f6f8a5e7c11","currency":"USD","periodStart":"2026-02-01","periodEnd":"2026-01-31"}""")]
    [InlineData("""{"clientId":"5b0c3f5e-1d4a-4c57-9d3a-2f6f8a5e7c11","currency":"USD","periodStart":"2026-01-01","periodEnd":"2026-01-31","timeZone":"Mars/Olympus"}""")]
    [InlineData("""{"clientId":"5b0c3f5e-1d4a-4c57-9d3a-2f6f8a5e7c11","currency":"USD","periodStart":"not a date","periodEnd":"2026-01-31"}""")]
    public async Task Malformed_statement_requests_are_400_problems(string body)
    {
        var response = await Admin.PostAsync(StatementsPath, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_period_not_yet_over_is_a_422_and_an_unknown_client_a_404()
    {
        var account = await service.SeedAccountAsync(tenantId, 1_000m);

        var notOver = await Admin.PostAsJsonAsync(StatementsPath, Request(account.ClientId, Today(), Today()), Cancel);
        var unknown = await Admin.PostAsJsonAsync(StatementsPath, Request(Guid.NewGuid(), Today().AddDays(-2), Today().AddDays(-1)), Cancel);
        var otherTenantsClient = await service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)).PostAsJsonAsync(StatementsPath, Request(account.ClientId, Today().AddDays(-2), Today().AddDays(-1)), Cancel);
        var agent = await Agent.PostAsJsonAsync(StatementsPath, Request(account.ClientId, Today().AddDays(-2), Today().AddDays(-1)), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOver.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenantsClient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
    }

    [Fact]
    public async Task Bank_accounts_with_a_wrong_routing_check_digit_are_refused_without_echoing_the_number()
    {
        var account = await service.SeedAccountAsync(tenantId, 1_000m);

        var response = await Admin.PutAsJsonAsync($"/api/v1/payments/remittance/clients/{account.ClientId}/bank-account", new { accountName = "X", routingNumber = "122105156", accountNumber = "12ab5678", accountType = "checking" }, Cancel);
        var otherTenant = await service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)).PutAsJsonAsync($"/api/v1/payments/remittance/clients/{account.ClientId}/bank-account", new { accountName = "X", routingNumber = "122105155", accountNumber = "12345678", accountType = "checking" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("routingNumber", problem, StringComparison.Ordinal);
        Assert.Contains("accountNumber", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("12ab5678", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }

    private DateOnly Today() => DateOnly.FromDateTime(service.Clock.GetUtcNow().UtcDateTime);

    private static object Request(Guid clientId, DateOnly start, DateOnly end) =>
        new { clientId, currency = "USD", periodStart = start, periodEnd = end };

    private async Task<StatementResponse> IssueAsync(Guid clientId, DateOnly start, DateOnly end)
    {
        var response = await Admin.PostAsJsonAsync(StatementsPath, Request(clientId, start, end), Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<StatementResponse>(Cancel))!;
    }

    private async Task<Guid> PayAsync(Guid accountId, decimal amount)
    {
        var response = await PaymentsServiceFactory.PayAsync(Agent, accountId, Guid.NewGuid().ToString(), Card(amount));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        service.Clock.Advance(TimeSpan.FromSeconds(1));
        return (await response.Content.ReadFromJsonAsync<PaymentResponse>(Cancel))!.PaymentId;
    }

    private Task ReverseAsync(Guid paymentId) =>
        service.InTenantAsync(tenantId, async db =>
        {
            var payment = await db.Payments.SingleAsync(p => p.Id == paymentId, Cancel);
            Assert.True(await TrustPostings.ReverseAsync(db, payment, "chargeback", service.Clock.GetUtcNow(), Cancel));
            await db.SaveChangesAsync(Cancel);
        });

    /// <summary>Publishes the client's settings with <paramref name="percent"/> changed at <paramref name="at"/> and waits until Payments has it.</summary>
    private async Task SetFeeAsync(Guid clientId, decimal percent, DateTimeOffset at)
    {
        await service.PublishAsync(new ClientSettingsChanged
        {
            TenantId = tenantId,
            OccurredAt = at,
            ClientId = clientId,
            ClientName = "Creditor",
            ContingencyFeePercent = percent,
            AgentSettlementDiscountPercent = 10m,
            SupervisorSettlementDiscountPercent = 20m,
            PaymentApplicationOrder = ["fees", "interest", "principal"],
        });
        await Eventually.Until(
            () => service.InTenantAsync(tenantId, db => db.ContingencyFeeRates.AnyAsync(r => r.ClientId == clientId && r.Percent == percent, Cancel)),
            found => found,
            Deadline,
            $"the {percent} % fee of client {clientId}");
    }
}
