namespace Collections.Web.Gateway;

/// <summary>What the consumer portal asks the gateway, as the signed-in consumer.</summary>
public sealed class PortalApi(GatewayApi api)
{
    /// <summary>The consumer's own accounts (the gateway scopes a consumer token to them).</summary>
    public Task<ApiResult<AccountPage>> AccountsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<AccountPage>("api/v1/accounts/accounts?pageSize=50", cancellationToken);

    public Task<ApiResult<Account>> AccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<Account>($"api/v1/accounts/accounts/{accountId}", cancellationToken);

    public Task<ApiResult<ValidationNotice>> ValidationNoticeAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<ValidationNotice>($"api/v1/disputes/accounts/{accountId}/validation-notice", cancellationToken);

    /// <summary>
    /// Pays with a processor token obtained in the browser. <paramref name="idempotencyKey"/> is one per
    /// payment form, so a retried submission never charges twice.
    /// </summary>
    public Task<ApiResult<Payment>> PayAsync(Guid accountId, decimal amount, string currency, PaymentToken token, string idempotencyKey, CancellationToken cancellationToken = default) =>
        api.PostAsync<Payment>(
            $"api/v1/payments/accounts/{accountId}/payments",
            new { amount, currency, paymentToken = token.Token, method = token.Method },
            cancellationToken,
            new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    public Task<ApiResult<List<Receipt>>> ReceiptsAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<Receipt>>($"api/v1/payments/accounts/{accountId}/receipts", cancellationToken);

    public Task<ApiResult<PlanRules>> PlanRulesAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<PlanRules>("api/v1/payments/plan-rules", cancellationToken);

    public Task<ApiResult<List<PaymentPlan>>> PlansAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<PaymentPlan>>($"api/v1/payments/accounts/{accountId}/plans", cancellationToken);

    public Task<ApiResult<PaymentPlan>> CreatePlanAsync(Guid accountId, string frequency, int instalmentCount, DateOnly firstDueDate, CancellationToken cancellationToken = default) =>
        api.PostAsync<PaymentPlan>($"api/v1/payments/accounts/{accountId}/plans", new { frequency, instalmentCount, firstDueDate }, cancellationToken);

    public Task<ApiResult<List<Settlement>>> SettlementsAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<Settlement>>($"api/v1/payments/accounts/{accountId}/settlements", cancellationToken);

    public Task<ApiResult<Settlement>> OfferSettlementAsync(Guid accountId, decimal amount, string currency, string? reason, CancellationToken cancellationToken = default) =>
        api.PostAsync<Settlement>($"api/v1/payments/accounts/{accountId}/settlements", new { amount, currency, reason }, cancellationToken);

    public Task<ApiResult<List<Dispute>>> DisputesAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<Dispute>>($"api/v1/disputes/accounts/{accountId}/disputes", cancellationToken);

    public Task<ApiResult<Dispute>> OpenDisputeAsync(Guid accountId, string reason, string? details, CancellationToken cancellationToken = default) =>
        api.PostAsync<Dispute>($"api/v1/disputes/accounts/{accountId}/disputes", new { reason, channel = "portal", details }, cancellationToken);

    /// <summary>Attaches a document (PDF, PNG, JPEG or text) to a dispute, as multipart/form-data.</summary>
    public Task<ApiResult<NoContent>> AttachToDisputeAsync(Guid accountId, Guid disputeId, string fileName, string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        var file = new StreamContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return api.SendAsync<NoContent>(HttpMethod.Post, $"api/v1/disputes/accounts/{accountId}/disputes/{disputeId}/attachments", form, cancellationToken);
    }

    public Task<ApiResult<ContactPreferences>> PreferencesAsync(Guid consumerId, CancellationToken cancellationToken = default) =>
        api.GetAsync<ContactPreferences>($"api/v1/outreach/consumers/{consumerId}/contact-preferences", cancellationToken);

    public Task<ApiResult<ContactPreferences>> SavePreferencesAsync(Guid consumerId, ContactPreferences preferences, CancellationToken cancellationToken = default) =>
        api.PutAsync<ContactPreferences>($"api/v1/outreach/consumers/{consumerId}/contact-preferences", preferences, cancellationToken);

    public Task<ApiResult<List<SentMessage>>> MessagesAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<SentMessage>>($"api/v1/outreach/accounts/{accountId}/messages", cancellationToken);
}
