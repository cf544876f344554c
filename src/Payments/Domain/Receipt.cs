using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>
/// The receipt of a posted payment, numbered sequentially per tenant: what was paid, how (brand or
/// bank and last four digits only), when, and the balance left after it as Payments's copy of the
/// account had it at that instant.
/// </summary>
public sealed class Receipt : ITenantOwned, IAccountParties
{
    private Receipt()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>Sequential per tenant, from 1.</summary>
    public long Number { get; private set; }

    public Guid PaymentId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    public string ClientReference { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "";

    public PaymentMethodKind Method { get; private set; }

    public string? Brand { get; private set; }

    public string? LastFour { get; private set; }

    public decimal RemainingBalance { get; private set; }

    /// <summary>When the payment was posted.</summary>
    public DateTimeOffset PaidAt { get; private set; }

    /// <summary>The receipt of <paramref name="payment"/>, posted to <paramref name="account"/> whose balance already reflects it.</summary>
    public static Receipt For(Payment payment, PayableAccount account, long number) => new()
    {
        Id = Guid.CreateVersion7(payment.CreatedAt),
        TenantId = payment.TenantId,
        Number = number,
        PaymentId = payment.Id,
        AccountId = payment.AccountId,
        ClientId = payment.ClientId,
        ConsumerId = payment.ConsumerId,
        ClientReference = account.ClientReference,
        Amount = payment.Amount,
        Currency = payment.Currency,
        Method = payment.Method,
        Brand = payment.Brand,
        LastFour = payment.LastFour,
        RemainingBalance = account.Balance,
        PaidAt = payment.CreatedAt,
    };
}
