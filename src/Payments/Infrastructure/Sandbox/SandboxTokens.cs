using Collections.Payments.Domain;

namespace Collections.Payments.Infrastructure.Sandbox;

/// <summary>A sandbox test payment method: the token the processor would return and how charges to it end.</summary>
public sealed record SandboxToken(string Token, PaymentMethodKind Method, string Brand, string LastFour, string? DeclineCode = null, string? ReturnCode = null);

/// <summary>The sandbox's test numbers and the tokens they tokenize to.</summary>
public static class SandboxTokens
{
    /// <summary>The routing number of the sandbox test bank.</summary>
    public const string TestRoutingNumber = "110000000";

    private static readonly SandboxToken VisaApprove = new("tok_visa_approve", PaymentMethodKind.Card, "Visa", "4242");
    private static readonly SandboxToken VisaDecline = new("tok_visa_decline", PaymentMethodKind.Card, "Visa", "0002", DeclineCode: "card_declined");
    private static readonly SandboxToken VisaInsufficientFunds = new("tok_visa_insufficient_funds", PaymentMethodKind.Card, "Visa", "9995", DeclineCode: "insufficient_funds");
    private static readonly SandboxToken AchApprove = new("btok_ach_approve", PaymentMethodKind.Ach, "Sandbox Test Bank", "6789");
    private static readonly SandboxToken AchReturnR01 = new("btok_ach_return_r01", PaymentMethodKind.Ach, "Sandbox Test Bank", "1116", ReturnCode: "R01");

    private static readonly Dictionary<string, SandboxToken> ByToken =
        new[] { VisaApprove, VisaDecline, VisaInsufficientFunds, AchApprove, AchReturnR01 }.ToDictionary(t => t.Token, StringComparer.Ordinal);

    private static readonly Dictionary<string, SandboxToken> ByCardNumber = new(StringComparer.Ordinal)
    {
        ["4242424242424242"] = VisaApprove,
        ["4000000000000002"] = VisaDecline,
        ["4000000000009995"] = VisaInsufficientFunds,
    };

    private static readonly Dictionary<string, SandboxToken> ByBankAccountNumber = new(StringComparer.Ordinal)
    {
        ["000123456789"] = AchApprove,
        ["000111111116"] = AchReturnR01,
    };

    public static SandboxToken? Find(string token) => ByToken.GetValueOrDefault(token);

    public static SandboxToken? ForCard(string cardNumber) => ByCardNumber.GetValueOrDefault(cardNumber);

    public static SandboxToken? ForBankAccount(string routingNumber, string accountNumber) =>
        routingNumber == TestRoutingNumber ? ByBankAccountNumber.GetValueOrDefault(accountNumber) : null;
}
