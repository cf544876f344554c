using System.Net;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using Npgsql;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class SensitiveDataTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private const string TokensPath = "/api/v1/payments/sandbox/tokens";
    private const string CardNumber = "4242424242424242";
    private const string BankAccountNumber = "000123456789";
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_card_or_bank_account_number_is_stored_in_any_table_after_tokenizing_and_paying()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));

        var card = await (await consumer.PostAsJsonAsync(TokensPath, new { cardNumber = CardNumber }, Cancel)).Content.ReadFromJsonAsync<SandboxTokenResponse>(Cancel);
        var bank = await (await consumer.PostAsJsonAsync(TokensPath, new { routingNumber = "110000000", accountNumber = BankAccountNumber }, Cancel)).Content.ReadFromJsonAsync<SandboxTokenResponse>(Cancel);
        Assert.Equal(("tok_visa_approve", "4242"), (card!.Token, card.LastFour));
        Assert.Equal(("btok_ach_approve", "6789"), (bank!.Token, bank.LastFour));
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Card(10m, card.Token))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Ach(10m, bank.Token))).StatusCode);
        // A careless client sending the number as the token must not get it stored either.
        await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Card(10m, CardNumber));

        var found = await TextColumnsContainingAsync(CardNumber, BankAccountNumber);

        Assert.Empty(found);
        Assert.NotEmpty(service.Logs.Lines);
        Assert.DoesNotContain(service.Logs.Lines, line => line.Contains(CardNumber, StringComparison.Ordinal) || line.Contains(BankAccountNumber, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Remittance_and_receipts_keep_the_clients_bank_account_number_only_encrypted_and_never_log_or_publish_it()
    {
        const string ClientAccountNumber = "55501234567890";
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        var card = await (await consumer.PostAsJsonAsync(TokensPath, new { cardNumber = CardNumber }, Cancel)).Content.ReadFromJsonAsync<SandboxTokenResponse>(Cancel);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Card(100m, card!.Token))).StatusCode);
        var receipts = await consumer.GetStringAsync($"/api/v1/payments/accounts/{account.AccountId}/receipts", Cancel);
        var admin = service.ClientFor(TestCallers.Staff(tenantId, Roles.Admin));
        (await admin.PutAsJsonAsync("/api/v1/payments/remittance/originator", new { companyName = "Acme Collections", companyIdentification = "1234567890", originatingBankRouting = "021000021", originatingBankName = "Chase" }, Cancel)).EnsureSuccessStatusCode();
        var bank = await admin.PutAsJsonAsync($"/api/v1/payments/remittance/clients/{account.ClientId}/bank-account", new { accountName = "First Creditor", routingNumber = "110000000", accountNumber = ClientAccountNumber, accountType = "savings" }, Cancel);
        var day = DateOnly.FromDateTime(service.Clock.GetUtcNow().UtcDateTime);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var issued = await admin.PostAsJsonAsync("/api/v1/payments/remittance/statements", new { clientId = account.ClientId, currency = "USD", periodStart = day, periodEnd = day }, Cancel);
        var statement = (await issued.Content.ReadFromJsonAsync<StatementResponse>(Cancel))!;
        var csv = await admin.GetStringAsync($"/api/v1/payments/remittance/statements/{statement.StatementId}/csv", Cancel);
        var file = await admin.GetStringAsync($"/api/v1/payments/remittance/statements/{statement.StatementId}/nacha", Cancel);

        var found = await TextColumnsContainingAsync(CardNumber, ClientAccountNumber);

        Assert.Equal(HttpStatusCode.OK, bank.StatusCode);
        Assert.Contains(ClientAccountNumber, file, StringComparison.Ordinal);
        Assert.Empty(found);
        Assert.DoesNotContain(ClientAccountNumber, await bank.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.DoesNotContain(ClientAccountNumber, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(CardNumber, receipts, StringComparison.Ordinal);
        Assert.Contains(await TableNamesAsync(), table => table == "client_payees");
        Assert.Contains(await TableNamesAsync(), table => table == "receipts");
        Assert.DoesNotContain(service.Logs.Lines, line => line.Contains(ClientAccountNumber, StringComparison.Ordinal) || line.Contains(CardNumber, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sandbox_tokenizer_is_not_there_when_the_sandbox_is_disabled()
    {
        using var production = service.WithWebHostBuilder(builder => builder.UseSetting("Payments:Sandbox:Enabled", "false"));
        var client = production.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestCallers.Consumer(tenantId, Guid.NewGuid()));

        var response = await client.PostAsJsonAsync(TokensPath, new { cardNumber = CardNumber }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("4000000000000002", "tok_visa_decline")]
    [InlineData("4000000000009995", "tok_visa_insufficient_funds")]
    public async Task Sandbox_test_cards_tokenize_to_their_outcomes(string cardNumber, string token)
    {
        var response = await service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())).PostAsJsonAsync(TokensPath, new { cardNumber }, Cancel);

        Assert.Equal(token, (await response.Content.ReadFromJsonAsync<SandboxTokenResponse>(Cancel))!.Token);
    }

    [Fact]
    public async Task An_unknown_number_is_a_problem_that_does_not_repeat_it()
    {
        var response = await service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())).PostAsJsonAsync(TokensPath, new { cardNumber = "5555555555554444" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("5555555555554444", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    private async Task<List<string>> TableNamesAsync()
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var query = new NpgsqlCommand("SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')", connection);
        await using var reader = await query.ExecuteReaderAsync(Cancel);
        var tables = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task<List<string>> TextColumnsContainingAsync(params string[] numbers)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync(Cancel);
        var columns = new List<(string Table, string Column, bool Binary)>();
        await using (var query = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type = 'bytea' FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea')", connection))
        await using (var reader = await query.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        Assert.NotEmpty(columns);
        var found = new List<string>();
        foreach (var (table, column, binary) in columns)
        {
            foreach (var number in numbers)
            {
                // Binary columns (the encrypted remittance account number) must not hold the number's bytes either.
                var condition = binary ? $"position(convert_to(@number, 'UTF8') in \"{column}\") > 0" : $"\"{column}\"::text LIKE '%' || @number || '%'";
                await using var probe = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {condition}", connection);
                probe.Parameters.AddWithValue("number", number);
                if ((long)(await probe.ExecuteScalarAsync(Cancel))! > 0)
                {
                    found.Add($"{table}.{column}");
                }
            }
        }

        return found;
    }
}
