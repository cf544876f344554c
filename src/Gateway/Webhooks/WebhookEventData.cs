namespace Collections.Gateway.Webhooks;

/// <summary>The <c>data</c> of an <c>account.status_changed</c> webhook.</summary>
public sealed record AccountStatusChangedData(Guid AccountId, string From, string To, string Reason);

/// <summary>The <c>data</c> of a <c>payment.posted</c> webhook: money collected on the client's account (card and bank details never included).</summary>
public sealed record PaymentPostedData(Guid PaymentId, Guid AccountId, decimal Amount, string Currency, string Method, Guid? SettlementId, Guid? PaymentPlanId);

/// <summary>The <c>data</c> of a <c>payment.reversed</c> webhook.</summary>
public sealed record PaymentReversedData(Guid PaymentId, Guid AccountId, decimal Amount, string Currency, string Reason);

/// <summary>The <c>data</c> of a <c>dispute.opened</c> webhook: the client is asked for verification documents.</summary>
public sealed record DisputeOpenedData(Guid DisputeId, Guid AccountId, string Reason, string Channel, bool WithinValidationPeriod, bool HoldsCollection);

/// <summary>The <c>data</c> of a <c>dispute.resolved</c> webhook.</summary>
public sealed record DisputeResolvedData(Guid DisputeId, Guid AccountId, string Outcome);

/// <summary>
/// The <c>data</c> of a <c>dispute.verification_requested</c> webhook: the client is asked for the documents that verify a
/// disputed debt, to attach to the dispute and answer through the client API by <paramref name="RespondBy"/>.
/// </summary>
public sealed record DisputeVerificationRequestedData(Guid DisputeId, Guid AccountId, string Reason, DateTimeOffset RespondBy);
