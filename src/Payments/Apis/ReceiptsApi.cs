using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Collections.BuildingBlocks.Security;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Apis;

/// <summary>Receipts of posted payments, for the paying consumer (their own only) and the tenant's staff.</summary>
public static class ReceiptsApi
{
    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        var receipts = app.MapGroup("api/v1/payments/receipts").WithTags("Receipts");
        receipts.MapGet("/{receiptId:guid}", GetReceipt)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a payment receipt")
            .WithDescription("Number (sequential per tenant), amount, currency, method brand and last four digits, the balance remaining after the payment, and when it was paid. The account's consumer and staff; 404 for anyone else's receipt.");
        receipts.MapGet("/{receiptId:guid}/print", PrintReceipt)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A payment receipt as a print-ready HTML page");
        app.MapGroup("api/v1/payments/accounts/{accountId:guid}/receipts").WithTags("Receipts")
            .MapGet("/", ListReceipts)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List an account's receipts")
            .WithDescription("Newest first; the account's consumer and staff; 404 for an account the caller may not see.");
        return app;
    }

    public static async Task<Results<Ok<ReceiptResponse>, NotFound>> GetReceipt(Guid receiptId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var receipt = await Visible(db, caller).SingleOrDefaultAsync(r => r.Id == receiptId, cancellationToken);
        return receipt is null ? TypedResults.NotFound() : TypedResults.Ok(ReceiptResponse.From(receipt));
    }

    public static async Task<IResult> PrintReceipt(Guid receiptId, Caller caller, PaymentsDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var receipt = await Visible(db, caller).SingleOrDefaultAsync(r => r.Id == receiptId, cancellationToken);
        if (receipt is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return Results.Text(ReceiptPage.Render(receipt), "text/html", Encoding.UTF8);
    }

    public static async Task<Results<Ok<List<ReceiptResponse>>, NotFound>> ListReceipts(Guid accountId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var receipts = Visible(db, caller);
        if (!await db.Accounts.VisibleTo(caller).AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var list = await receipts.Where(r => r.AccountId == accountId).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(ReceiptResponse.From).ToList());
    }

    /// <summary>Staff see the tenant's receipts, a consumer only their own; clients are refused.</summary>
    private static IQueryable<Receipt> Visible(PaymentsDbContext db, Caller caller)
    {
        caller.RequireActor(ActorKinds.Staff, ActorKinds.Consumer);
        return db.Receipts.AsNoTracking().VisibleTo(caller);
    }
}

/// <summary>A payment receipt; the method only by brand or bank and last four digits.</summary>
public sealed record ReceiptResponse(
    Guid ReceiptId,
    long Number,
    string ReceiptNumber,
    Guid PaymentId,
    Guid AccountId,
    string ClientReference,
    decimal Amount,
    string Currency,
    string Method,
    string? Brand,
    string? LastFour,
    decimal RemainingBalance,
    DateTimeOffset PaidAt)
{
    internal static ReceiptResponse From(Receipt r) => new(
        r.Id,
        r.Number,
        ReceiptPage.Number(r),
        r.PaymentId,
        r.AccountId,
        r.ClientReference,
        r.Amount,
        r.Currency,
        r.Method == PaymentMethodKind.Ach ? "ach" : "card",
        r.Brand,
        r.LastFour,
        r.RemainingBalance,
        r.PaidAt);
}

/// <summary>The printable receipt page: self-contained HTML, every value encoded.</summary>
internal static class ReceiptPage
{
    public static string Number(Receipt receipt) => $"R{receipt.Number.ToString("D8", CultureInfo.InvariantCulture)}";

    public static string Render(Receipt receipt)
    {
        var html = HtmlEncoder.Default;
        string Money(decimal amount) => html.Encode($"{amount.ToString("N2", CultureInfo.InvariantCulture)} {receipt.Currency}");
        var method = receipt.Method == PaymentMethodKind.Ach ? "Bank account (ACH)" : "Card";
        var last4 = receipt.LastFour is null ? "" : $" ending in {receipt.LastFour}";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Receipt {{html.Encode(Number(receipt))}}</title>
            <style>
            body { font-family: Georgia, serif; max-width: 36em; margin: 2em auto; color: #000; }
            h1 { font-size: 1.4em; border-bottom: 1px solid #000; padding-bottom: .3em; }
            table { width: 100%; border-collapse: collapse; }
            th { text-align: left; font-weight: normal; color: #444; padding: .3em 0; width: 45%; }
            td { padding: .3em 0; }
            .amount { font-size: 1.3em; font-weight: bold; }
            @media print { body { margin: 0; } }
            </style>
            </head>
            <body>
            <h1>Payment receipt</h1>
            <table>
            <tr><th>Receipt number</th><td>{{html.Encode(Number(receipt))}}</td></tr>
            <tr><th>Paid at (UTC)</th><td>{{html.Encode(receipt.PaidAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}}</td></tr>
            <tr><th>Account reference</th><td>{{html.Encode(receipt.ClientReference)}}</td></tr>
            <tr><th>Amount paid</th><td class="amount">{{Money(receipt.Amount)}}</td></tr>
            <tr><th>Paid with</th><td>{{html.Encode($"{method} {receipt.Brand}{last4}".Trim())}}</td></tr>
            <tr><th>Balance remaining</th><td>{{Money(receipt.RemainingBalance)}}</td></tr>
            <tr><th>Payment id</th><td>{{receipt.PaymentId}}</td></tr>
            </table>
            <p>This communication is from a debt collector. Keep this receipt for your records.</p>
            </body>
            </html>
            """;
    }
}
