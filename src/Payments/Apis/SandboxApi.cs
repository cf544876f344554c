using Collections.Payments.Domain;
using Collections.Payments.Infrastructure.Sandbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collections.Payments.Apis;

/// <summary>
/// Tokenizing the sandbox's test numbers, standing in for the processor's client-side tokenization in
/// development and tests. Numbers are looked up and dropped: never stored, logged or echoed.
/// </summary>
public static class SandboxApi
{
    public static IEndpointRouteBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/payments/sandbox").WithTags("Sandbox")
            .MapPost("/tokens", Tokenize)
            .AllowAnonymous()
            .WithSummary("Tokenize a sandbox test number")
            .WithDescription("Development and tests only; open without a credential, like a processor's client-side tokenization (the portal's payment form calls it from the browser). Cards: 4242424242424242 approves, 4000000000000002 declines, 4000000000009995 declines for insufficient funds. Bank accounts (routing 110000000): 000123456789 approves, 000111111116 is returned (R01) days later.");
        return app;
    }

    /// <summary>The sandbox token of a test card or bank account.</summary>
    public static Results<Ok<SandboxTokenResponse>, ValidationProblem> Tokenize(SandboxTokenRequest request)
    {
        var isCard = !string.IsNullOrEmpty(request.CardNumber);
        var isBank = !string.IsNullOrEmpty(request.RoutingNumber) || !string.IsNullOrEmpty(request.AccountNumber);
        if (isCard == isBank)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["cardNumber"] = ["Send either cardNumber, or routingNumber and accountNumber."],
            });
        }

        var token = isCard
            ? SandboxTokens.ForCard(request.CardNumber!)
            : SandboxTokens.ForBankAccount(request.RoutingNumber ?? "", request.AccountNumber ?? "");
        if (token is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [isCard ? "cardNumber" : "accountNumber"] = ["Not a sandbox test number."],
            });
        }

        return TypedResults.Ok(new SandboxTokenResponse(token.Token, token.Method == PaymentMethodKind.Ach ? "ach" : "card", token.Brand, token.LastFour));
    }
}

/// <summary>A test card number, or a test routing and bank account number.</summary>
public sealed record SandboxTokenRequest(string? CardNumber, string? RoutingNumber, string? AccountNumber);

/// <summary>The token to pay with, and what the platform may keep about the method.</summary>
public sealed record SandboxTokenResponse(string Token, string Method, string Brand, string LastFour);
