namespace Collections.Gateway.Webhooks;

/// <summary>The events a client can subscribe an endpoint to, by the names they carry in webhook payloads.</summary>
public static class WebhookEventTypes
{
    public const string AccountPlaced = "account.placed";
    public const string AccountStatusChanged = "account.status_changed";
    public const string PaymentPosted = "payment.posted";
    public const string PaymentReversed = "payment.reversed";
    public const string DisputeOpened = "dispute.opened";
    public const string DisputeResolved = "dispute.resolved";
    public const string DisputeVerificationRequested = "dispute.verification_requested";
    public const string RemittanceReady = "remittance.ready";

    public static readonly IReadOnlySet<string> All = new SortedSet<string>(StringComparer.Ordinal)
    {
        AccountPlaced, AccountStatusChanged, PaymentPosted, PaymentReversed, DisputeOpened, DisputeResolved, DisputeVerificationRequested, RemittanceReady,
    };
}
