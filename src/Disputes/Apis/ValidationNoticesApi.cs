using System.Globalization;
using System.Net;
using System.Text;
using Collections.BuildingBlocks.Security;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Disputes.Apis;

/// <summary>The validation notice of an account, as data or as a print-ready letter.</summary>
public static class ValidationNoticesApi
{
    public static IEndpointRouteBuilder MapValidationNoticesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/disputes/accounts").WithTags("Validation notices")
            .MapGet("/{accountId:guid}/validation-notice", GetValidationNotice)
            .WithSummary("Get an account's validation notice")
            .WithDescription("The Regulation F validation information of the account with its computed dates, as JSON, or with format=html as a print-ready letter. Staff of the tenant, the owning client and the owning consumer may see it; anyone else gets 404.");
        return app;
    }

    /// <summary>The account's validation notice, if the caller may see the account; 404 otherwise and until the notice exists.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="format">"json" (the default) or "html".</param>
    /// <param name="caller">Who is asking.</param>
    /// <param name="db">The Disputes database.</param>
    /// <param name="options">The notice templates.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<ValidationNoticeResponse>, ContentHttpResult, NotFound, ValidationProblem>> GetValidationNotice(
        Guid accountId, string? format, Caller caller, DisputesDbContext db, IOptions<DisputesOptions> options, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "html"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [nameof(format)] = ["Must be \"json\" or \"html\"."] });
        }

        var notice = await db.ValidationNotices.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(n => n.AccountId == accountId, cancellationToken);
        if (notice is null)
        {
            return TypedResults.NotFound();
        }

        var response = ValidationNoticeResponse.From(notice, options.Value.TemplateFor(notice.TenantId));
        return format == "html" ? TypedResults.Content(Letter(response), "text/html", Encoding.UTF8) : TypedResults.Ok(response);
    }

    /// <summary>The notice as a print-ready HTML letter; every value is HTML-encoded.</summary>
    internal static string Letter(ValidationNoticeResponse n)
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
        string Money(decimal amount) => E(string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {n.Currency}"));
        static string Day(DateOnly day) => E(day.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture));

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Validation notice {{E(n.AccountReference)}}</title>
            <style>@page { size: letter; margin: 0.75in; } body { font-family: serif; font-size: 11pt; } table { border-collapse: collapse; } td { padding: 2px 12px 2px 0; }</style>
            </head><body>
            <h1>{{E(n.CollectorName)}} is a debt collector.</h1>
            <p>We are trying to collect a debt that you owe to {{E(n.CurrentCreditor)}}. We will use any information you give us to help collect the debt.</p>
            <h2>Our information shows:</h2>
            <p>As of {{Day(n.ItemizationDate)}}, you owed {{E(n.CreditorOnItemizationDate)}}: {{Money(n.AmountOnItemizationDate)}}<br>Account number: {{E(n.AccountReference)}}</p>
            <table>
            <tr><td>Between {{Day(n.ItemizationDate)}} and today:</td><td></td></tr>
            <tr><td>You were charged this amount in interest:</td><td>+ {{Money(n.InterestSinceItemization)}}</td></tr>
            <tr><td>You were charged this amount in fees:</td><td>+ {{Money(n.FeesSinceItemization)}}</td></tr>
            <tr><td>You paid or were credited this amount toward the debt:</td><td>&minus; {{Money(n.PaymentsSinceItemization + n.CreditsSinceItemization)}}</td></tr>
            <tr><td><strong>Total amount of the debt now:</strong></td><td><strong>{{Money(n.CurrentAmount)}}</strong></td></tr>
            </table>
            <h2>How can you dispute the debt?</h2>
            <p><strong>Call or write to us by {{Day(n.ValidationPeriodEndsOn)}}, to dispute all or part of the debt.</strong> If you do not, we will assume that our information is correct.</p>
            <p>If you write to us by {{Day(n.ValidationPeriodEndsOn)}}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt.</p>
            <ul>
            <li>Online: {{E(n.HowToDispute.PortalUrl)}}</li>
            <li>By mail: {{E(n.HowToDispute.MailingAddress)}}</li>
            <li>By phone: {{E(n.HowToDispute.Phone)}}</li>
            </ul>
            <p>Notice sent on {{Day(n.SentOn)}}.</p>
            </body></html>
            """);
        return html.ToString();
    }
}

/// <summary>The Regulation F validation information of one account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="TenantId">The tenant (the debt collector) sending the notice.</param>
/// <param name="CollectorName">The debt collector's name, from the tenant's notice template.</param>
/// <param name="AccountReference">The account number shown to the consumer.</param>
/// <param name="CreditorOnItemizationDate">The creditor on the itemization date.</param>
/// <param name="CurrentCreditor">The creditor the debt is owed to now.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="ItemizationDate">The reference date of the itemization: the placement day.</param>
/// <param name="AmountOnItemizationDate">What was owed on the itemization date.</param>
/// <param name="InterestSinceItemization">Interest charged since.</param>
/// <param name="FeesSinceItemization">Fees charged since.</param>
/// <param name="PaymentsSinceItemization">Payments made since.</param>
/// <param name="CreditsSinceItemization">Credits applied since.</param>
/// <param name="CurrentAmount">The amount of the debt now.</param>
/// <param name="SentOn">The day the notice is sent.</param>
/// <param name="AssumedReceiptOn">The day it may be assumed received: 5 days after sending, excluding weekends and federal holidays.</param>
/// <param name="ValidationPeriodEndsOn">The last day of the validation period: receipt + 30 days, not extended when on a weekend or holiday.</param>
/// <param name="HowToDispute">Where the consumer can dispute.</param>
public sealed record ValidationNoticeResponse(
    Guid AccountId,
    Guid TenantId,
    string CollectorName,
    string AccountReference,
    string CreditorOnItemizationDate,
    string CurrentCreditor,
    string Currency,
    DateOnly ItemizationDate,
    decimal AmountOnItemizationDate,
    decimal InterestSinceItemization,
    decimal FeesSinceItemization,
    decimal PaymentsSinceItemization,
    decimal CreditsSinceItemization,
    decimal CurrentAmount,
    DateOnly SentOn,
    DateOnly AssumedReceiptOn,
    DateOnly ValidationPeriodEndsOn,
    HowToDispute HowToDispute)
{
    internal static ValidationNoticeResponse From(ValidationNotice n, NoticeTemplate template) => new(
        n.AccountId, n.TenantId, template.CollectorName, n.AccountReference, n.CreditorOnItemizationDate, n.CurrentCreditor, n.Currency,
        n.ItemizationDate, n.AmountOnItemizationDate, n.InterestSinceItemization, n.FeesSinceItemization, n.PaymentsSinceItemization,
        n.CreditsSinceItemization, n.CurrentAmount, n.SentOn, n.AssumedReceiptOn, n.ValidationPeriodEndsOn,
        new HowToDispute(template.PortalUrl, template.MailingAddress, template.Phone));
}

/// <summary>The ways a consumer can dispute.</summary>
/// <param name="PortalUrl">Online, in the consumer portal.</param>
/// <param name="MailingAddress">By mail.</param>
/// <param name="Phone">By phone.</param>
public sealed record HowToDispute(string PortalUrl, string MailingAddress, string Phone);
