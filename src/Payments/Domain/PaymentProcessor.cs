namespace Collections.Payments.Domain;

/// <summary>
/// The external payment processor, as a processor SDK (Stripe, Adyen, a bank's ACH gateway) would be
/// adapted to it. Card and bank numbers are tokenized by the processor before they reach the
/// platform, so every operation takes the processor's token and never a number.
/// </summary>
public interface IPaymentProcessor
{
    /// <summary>
    /// Charges <paramref name="amount"/> to the payment method behind <paramref name="token"/>. The
    /// processor deduplicates on <paramref name="idempotencyKey"/>: the same key returns the first outcome.
    /// </summary>
    Task<ChargeOutcome> ChargeAsync(string token, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// What happened to earlier charges since they were approved (e.g. an ACH return), oldest first,
    /// as a processor's event feed or webhooks report it. Events already seen may be reported again.
    /// </summary>
    Task<IReadOnlyList<LaterChargeOutcome>> LaterOutcomesAsync(CancellationToken cancellationToken);
}

/// <summary>The processor's answer to a charge.</summary>
public abstract record ChargeOutcome;

/// <summary>The charge went through; <paramref name="SettlesLater"/> when it may still be returned (ACH).</summary>
/// <param name="ChargeId">The processor's id of the charge.</param>
/// <param name="Brand">Card brand or bank name.</param>
/// <param name="LastFour">Last four digits of the card or bank account.</param>
/// <param name="SettlesLater">True for ACH debits, which settle (or are returned) days later.</param>
public sealed record ChargeApproved(string ChargeId, string Brand, string LastFour, bool SettlesLater) : ChargeOutcome;

/// <summary>The processor refused the charge, with its decline code (e.g. "card_declined", "insufficient_funds").</summary>
public sealed record ChargeDeclined(string DeclineCode) : ChargeOutcome;

/// <summary>A charge approved earlier was taken back, e.g. an ACH return with its return code.</summary>
/// <param name="EventId">The processor's id of the event, stable across reports.</param>
/// <param name="ChargeId">The charge it concerns.</param>
/// <param name="Reason">Why, e.g. "ach-return:R01".</param>
public sealed record LaterChargeOutcome(string EventId, string ChargeId, string Reason);
