using Collections.BuildingBlocks.Security;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Apis;

/// <summary>The tenant's trust journal.</summary>
public static class JournalApi
{
    public static IEndpointRouteBuilder MapJournalApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/payments/journal").WithTags("Trust journal")
            .MapGet("/balance", GetBalance)
            .WithSummary("Trust journal totals")
            .WithDescription("Debits and credits per currency and ledger (trust cash, client payable, agency fee receivable), and whether debits equal credits. Staff admins only.");
        return app;
    }

    /// <summary>Totals of the tenant's trust journal per currency and ledger.</summary>
    public static async Task<Ok<JournalBalanceResponse>> GetBalance(Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var totals = await db.Journal.AsNoTracking()
            .GroupBy(e => new { e.Currency, e.Ledger })
            .Select(g => new { g.Key.Currency, g.Key.Ledger, Debits = g.Sum(e => e.Debit), Credits = g.Sum(e => e.Credit) })
            .ToListAsync(cancellationToken);
        var currencies = totals
            .GroupBy(t => t.Currency)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ledgers = g.OrderBy(t => t.Ledger).Select(t => new LedgerTotal(t.Ledger.ToString(), t.Debits, t.Credits, t.Debits - t.Credits)).ToList();
                var debits = ledgers.Sum(l => l.Debits);
                var credits = ledgers.Sum(l => l.Credits);
                return new CurrencyJournalTotal(g.Key, ledgers, debits, credits, debits == credits);
            })
            .ToList();
        return TypedResults.Ok(new JournalBalanceResponse(currencies, currencies.All(c => c.Balanced)));
    }
}

/// <summary>The trust journal's totals; <paramref name="Balanced"/> when debits equal credits in every currency.</summary>
public sealed record JournalBalanceResponse(IReadOnlyList<CurrencyJournalTotal> Currencies, bool Balanced);

/// <summary>The journal's totals in one currency.</summary>
public sealed record CurrencyJournalTotal(string Currency, IReadOnlyList<LedgerTotal> Ledgers, decimal Debits, decimal Credits, bool Balanced);

/// <summary>One ledger's debits, credits and net (debits minus credits).</summary>
public sealed record LedgerTotal(string Ledger, decimal Debits, decimal Credits, decimal Net);
