using System.Text.Json;
using Npgsql;

namespace Collections.Reliability.Tests;

/// <summary>What the databases hold against what the clients were told.</summary>
public sealed record InvariantReport(int Lost, int Duplicated, int Partial, int UnbalancedJournal, IReadOnlyList<string> Findings)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && Partial == 0 && UnbalancedJournal == 0;
}

/// <summary>
/// Reads every service's database for the suite's tenant and compares it with what the load generator recorded:
/// each acknowledged placement once in Accounts, Payments and Reporting; each acknowledged payment posted once in
/// Payments, once in Accounts' postings and balance, once in the trust journal (balanced) and once in Reporting;
/// an abandoned request either left nothing or completed everywhere.
/// </summary>
public sealed class Invariants(FaultPlatform platform, SuiteTenant tenant)
{
    private static readonly string[] Databases = ["accountsdb", "paymentsdb", "reportingdb", "outreachdb", "disputesdb"];

    /// <summary>Outbox messages not yet published, over every service.</summary>
    public async Task<long> PendingOutboxAsync(CancellationToken cancellationToken)
    {
        long pending = 0;
        foreach (var database in Databases)
        {
            pending += await ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL", cancellationToken);
        }

        return pending;
    }

    /// <summary>
    /// What explains a finding: every service's dead letters (by queue, type and exception) and its inbox size,
    /// printed when the invariants do not hold.
    /// </summary>
    public async Task<IReadOnlyList<string>> DiagnoseAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var database in Databases)
        {
            var letters = await RowsAsync(
                database,
                "SELECT queue, message_type, exception_type, left(exception_message, 300), status, count(*) FROM dead_letters GROUP BY 1, 2, 3, 4, 5 ORDER BY 6 DESC LIMIT 10",
                r => $"{database} dead letters: {r.GetInt64(5)} × {r.GetString(1)} in {r.GetString(0)} ({r.GetString(4)}): {r.GetString(2)}: {(r.IsDBNull(3) ? "" : r.GetString(3))}",
                cancellationToken);
            lines.AddRange(letters);
            lines.Add($"{database}: {await ScalarAsync(database, "SELECT count(*) FROM inbox_messages", cancellationToken)} inbox rows, {await ScalarAsync(database, "SELECT count(*) FROM dead_letters", cancellationToken)} dead letters");
        }

        return lines;
    }

    public async Task<InvariantReport> CheckAsync(LoadGenerator load, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        int lost = 0, duplicated = 0, partial = 0, unbalanced = 0;
        void Lost(string what) { lost++; findings.Add($"lost: {what}"); }
        void Duplicated(string what) { duplicated++; findings.Add($"duplicated: {what}"); }
        void Partial(string what) { partial++; findings.Add($"partial: {what}"); }

        var accounts = await RowsAsync("accountsdb", """SELECT "Id", "ClientReference", "Principal" + "Interest" + "Fees" FROM accounts WHERE "TenantId" = @t""",
            r => (Id: r.GetGuid(0), Reference: r.GetString(1), Balance: r.GetDecimal(2)), cancellationToken);
        var postings = await RowsAsync("accountsdb", """SELECT "PaymentId", "AccountId", "Amount" FROM payment_postings WHERE "TenantId" = @t""",
            r => (PaymentId: r.GetGuid(0), AccountId: r.GetGuid(1), Amount: r.GetDecimal(2)), cancellationToken);
        var payable = await RowsAsync("paymentsdb", """SELECT "AccountId", "Balance" FROM payable_accounts WHERE "TenantId" = @t""",
            r => (AccountId: r.GetGuid(0), Balance: r.GetDecimal(1)), cancellationToken);
        var payments = await RowsAsync("paymentsdb", """SELECT "Id", "AccountId", "Amount", "Status" FROM payments WHERE "TenantId" = @t""",
            r => (Id: r.GetGuid(0), AccountId: r.GetGuid(1), Amount: r.GetDecimal(2), Status: r.GetString(3)), cancellationToken);
        var journal = await RowsAsync("paymentsdb", """SELECT "PaymentId", count(*), sum("Debit"), sum("Credit") FROM journal_entries WHERE "TenantId" = @t AND "PaymentId" IS NOT NULL GROUP BY "PaymentId" """,
            r => (PaymentId: r.GetGuid(0), Lines: r.GetInt64(1), Debit: r.GetDecimal(2), Credit: r.GetDecimal(3)), cancellationToken);
        var journalTotals = await RowsAsync("paymentsdb", """SELECT coalesce(sum("Debit"), 0), coalesce(sum("Credit"), 0) FROM journal_entries WHERE "TenantId" = @t""",
            r => (Debit: r.GetDecimal(0), Credit: r.GetDecimal(1)), cancellationToken);
        var requests = await RowsAsync("paymentsdb", """SELECT "Key", "Completed", "ResponseStatus", "ResponseBody" FROM idempotent_requests WHERE "TenantId" = @t""",
            r => (Key: r.GetString(0), Completed: r.GetBoolean(1), Status: r.IsDBNull(2) ? (int?)null : r.GetInt32(2), Body: r.IsDBNull(3) ? null : r.GetString(3)), cancellationToken);
        var reportAccounts = (await RowsAsync("reportingdb", "SELECT account_id FROM report_accounts WHERE tenant_id = @t AND placed_at IS NOT NULL", r => r.GetGuid(0), cancellationToken)).ToHashSet();
        var reportPayments = await RowsAsync("reportingdb", "SELECT key, account_id, amount FROM report_facts WHERE tenant_id = @t AND kind = 'payment'",
            r => (Key: r.GetString(0), AccountId: r.IsDBNull(1) ? Guid.Empty : r.GetGuid(1), Amount: r.IsDBNull(2) ? 0m : r.GetDecimal(2)), cancellationToken);

        // Placements.
        var placed = load.Placements.ToDictionary(p => p.ClientReference);
        var abandoned = load.Abandoned.ToHashSet(StringComparer.Ordinal);
        var payableIds = payable.Select(p => p.AccountId).ToHashSet();
        foreach (var group in accounts.GroupBy(a => a.Reference))
        {
            if (group.Count() > 1)
            {
                Duplicated($"{group.Count()} accounts under client reference {group.Key}");
            }
        }

        var accountIds = accounts.Select(a => a.Id).ToHashSet();
        foreach (var placement in placed.Values)
        {
            if (!accountIds.Contains(placement.AccountId)) { Lost($"placement {placement.ClientReference} ({placement.AccountId}) not in Accounts"); }
            if (!reportAccounts.Contains(placement.AccountId)) { Lost($"placement {placement.ClientReference} not counted in Reporting"); }
            if (!payableIds.Contains(placement.AccountId)) { Lost($"placement {placement.ClientReference} unknown to Payments"); }
        }

        foreach (var account in accounts.Where(a => !placed.ContainsKey(a.Reference)))
        {
            if (!abandoned.Contains(account.Reference))
            {
                Duplicated($"account {account.Id} under reference {account.Reference} that no client sent");
            }
            else if (!reportAccounts.Contains(account.Id) || !payableIds.Contains(account.Id))
            {
                Partial($"abandoned placement {account.Reference} is in Accounts but not everywhere");
            }
        }

        if (reportAccounts.Count > accounts.Count)
        {
            Duplicated($"Reporting counts {reportAccounts.Count} placed accounts, Accounts holds {accounts.Count}");
        }

        // Payments: the acknowledged ones, plus abandoned requests that completed (the client never heard, but they are whole).
        var legitimate = load.Payments.ToDictionary(p => p.PaymentId);
        foreach (var request in requests)
        {
            if (!request.Completed)
            {
                Partial($"idempotency key {request.Key} still in progress");
            }
            else if (request.Status == 201 && !load.Payments.Any(p => p.IdempotencyKey == request.Key) && request.Body is { } body)
            {
                var id = JsonDocument.Parse(body).RootElement.GetProperty("paymentId").GetGuid();
                var row = payments.FirstOrDefault(p => p.Id == id);
                legitimate.TryAdd(id, new AcknowledgedPayment(request.Key, id, row.AccountId, row.Amount));
            }
        }

        var posted = payments.Where(p => p.Status != "Declined").ToList();
        var postedIds = posted.Select(p => p.Id).ToHashSet();
        var postingIds = postings.Select(p => p.PaymentId).ToHashSet();
        var journalByPayment = journal.ToDictionary(j => j.PaymentId);
        var reportByPayment = reportPayments.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Count());
        var usualLines = journal.Count == 0 ? 0 : journal.GroupBy(j => j.Lines).OrderByDescending(g => g.Count()).First().Key;
        foreach (var payment in legitimate.Values)
        {
            if (!postedIds.Contains(payment.PaymentId)) { Lost($"payment {payment.PaymentId} not posted in Payments"); }
            if (!postingIds.Contains(payment.PaymentId)) { Lost($"payment {payment.PaymentId} not posted to the account in Accounts"); }
            if (!journalByPayment.TryGetValue(payment.PaymentId, out var lines)) { Lost($"payment {payment.PaymentId} not in the trust journal"); }
            else if (lines.Lines > usualLines) { Duplicated($"payment {payment.PaymentId} has {lines.Lines} journal lines, most have {usualLines}"); }
            if (!reportByPayment.ContainsKey(payment.PaymentId.ToString())) { Lost($"payment {payment.PaymentId} not counted in Reporting"); }
        }

        foreach (var id in postedIds.Where(id => !legitimate.ContainsKey(id))) { Duplicated($"payment {id} posted in Payments that no client request accounts for"); }
        foreach (var id in postingIds.Where(id => !legitimate.ContainsKey(id))) { Duplicated($"payment {id} posted in Accounts that no client request accounts for"); }
        foreach (var id in journalByPayment.Keys.Where(id => !legitimate.ContainsKey(id))) { Duplicated($"payment {id} in the trust journal that no client request accounts for"); }
        foreach (var key in reportByPayment.Keys.Where(key => !Guid.TryParse(key, out var id) || !legitimate.ContainsKey(id))) { Duplicated($"payment {key} counted in Reporting that no client request accounts for"); }

        foreach (var lines in journal.Where(j => j.Debit != j.Credit))
        {
            unbalanced++;
            findings.Add($"unbalanced: journal lines of payment {lines.PaymentId} debit {lines.Debit} credit {lines.Credit}");
        }

        if (journalTotals.Single() is var totals && totals.Debit != totals.Credit)
        {
            unbalanced++;
            findings.Add($"unbalanced: the tenant's trust journal debits {totals.Debit}, credits {totals.Credit}");
        }

        // Balances: placed balance less every legitimate payment, once, in Accounts, Payments and Reporting's collected amount.
        var paidByAccount = legitimate.Values.GroupBy(p => p.AccountId).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));
        void Compare(string where, Guid accountId, decimal actual)
        {
            var expected = LoadGenerator.PlacedPrincipal - paidByAccount.GetValueOrDefault(accountId);
            if (actual < expected) { Duplicated($"{where}: account {accountId} balance {actual}, expected {expected}"); }
            else if (actual > expected) { Lost($"{where}: account {accountId} balance {actual}, expected {expected}"); }
        }

        foreach (var account in accounts) { Compare("Accounts", account.Id, account.Balance); }
        foreach (var account in payable) { Compare("Payments", account.AccountId, account.Balance); }
        foreach (var collected in reportPayments.GroupBy(r => r.AccountId))
        {
            Compare("Reporting", collected.Key, LoadGenerator.PlacedPrincipal - collected.Sum(r => r.Amount));
        }

        return new InvariantReport(lost, duplicated, partial, unbalanced, findings);
    }

    private async Task<long> ScalarAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync(database, cancellationToken));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<T>> RowsAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync(database, cancellationToken));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", tenant.TenantId);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
