using System.Globalization;

namespace Collections.Web.Gateway;

/// <summary>What the agent workspace asks the gateway, as the signed-in staff user.</summary>
public sealed class AgentApi(GatewayApi api)
{
    /// <summary>The next callable account of the agent's queues, leased to them; null value (204) when none is callable now.</summary>
    public Task<ApiResult<WorkItem>> NextAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<WorkItem>("api/v1/outreach/work-queue/next", cancellationToken);

    public Task<ApiResult<Account>> AccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<Account>($"api/v1/accounts/accounts/{accountId}", cancellationToken);

    public Task<ApiResult<AccountPage>> FindAccountAsync(string clientReference, CancellationToken cancellationToken = default) =>
        api.GetAsync<AccountPage>($"api/v1/accounts/accounts?clientReference={Uri.EscapeDataString(clientReference)}&pageSize=10", cancellationToken);

    public Task<ApiResult<Consumer>> ConsumerAsync(Guid consumerId, CancellationToken cancellationToken = default) =>
        api.GetAsync<Consumer>($"api/v1/accounts/consumers/{consumerId}", cancellationToken);

    public Task<ApiResult<List<AccountHistoryItem>>> AccountHistoryAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<AccountHistoryItem>>($"api/v1/accounts/accounts/{accountId}/history", cancellationToken);

    /// <summary>The compliance engine's verdict now for a manual call to the number.</summary>
    public Task<ApiResult<ContactDecision>> CallDecisionAsync(Guid accountId, ConsumerPhone phone, CancellationToken cancellationToken = default) =>
        api.GetAsync<ContactDecision>(
            $"api/v1/outreach/accounts/{accountId}/contact-decision?channel=Call&phoneNumber={Uri.EscapeDataString(phone.Number)}&phoneType={PhoneType(phone.Type)}",
            cancellationToken);

    public Task<ApiResult<List<ContactAttempt>>> AttemptsAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<ContactAttempt>>($"api/v1/outreach/accounts/{accountId}/contact-attempts", cancellationToken);

    /// <summary>Records a manual call to the number with its outcome; the engine refuses (422) a call it blocks.</summary>
    public Task<ApiResult<ContactAttempt>> RecordCallAsync(Guid accountId, ConsumerPhone phone, string outcome, CancellationToken cancellationToken = default) =>
        api.PostAsync<ContactAttempt>($"api/v1/outreach/accounts/{accountId}/contact-attempts", new
        {
            channel = "Call",
            phoneNumber = phone.Number,
            phoneType = PhoneType(phone.Type),
            autodialed = false,
            prerecorded = false,
            outcome,
        }, cancellationToken);

    public Task<ApiResult<List<Promise>>> PromisesAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<Promise>>($"api/v1/outreach/accounts/{accountId}/promises", cancellationToken);

    public Task<ApiResult<Promise>> PromiseAsync(Guid accountId, decimal amount, string currency, DateOnly dueDate, string channel, Guid? attemptId, CancellationToken cancellationToken = default) =>
        api.PostAsync<Promise>($"api/v1/outreach/accounts/{accountId}/promises", new
        {
            amount,
            currency,
            dueDate = dueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            paymentChannel = channel,
            attemptId,
        }, cancellationToken);

    public Task<ApiResult<QueueEntry>> CallbackAsync(Guid accountId, DateTimeOffset at, string phoneNumber, CancellationToken cancellationToken = default) =>
        api.PostAsync<QueueEntry>($"api/v1/outreach/accounts/{accountId}/callbacks", new { at = at.ToUniversalTime(), phoneNumber }, cancellationToken);

    public Task<ApiResult<List<PaymentRecord>>> PaymentsAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<PaymentRecord>>($"api/v1/payments/accounts/{accountId}/payments", cancellationToken);

    /// <summary>Charges a processor token (never a card or bank number) once, by idempotency key.</summary>
    public Task<ApiResult<PaymentRecord>> PayAsync(Guid accountId, decimal amount, string currency, PaymentToken token, string idempotencyKey, CancellationToken cancellationToken = default) =>
        api.PostAsync<PaymentRecord>(
            $"api/v1/payments/accounts/{accountId}/payments",
            new { amount, currency, paymentToken = token.Token, method = token.Method },
            cancellationToken,
            new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    public Task<ApiResult<List<StaffPaymentPlan>>> PlansAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<StaffPaymentPlan>>($"api/v1/payments/accounts/{accountId}/plans", cancellationToken);

    public Task<ApiResult<StaffPaymentPlan>> PlanAsync(Guid accountId, string frequency, int instalments, DateOnly firstDueDate, CancellationToken cancellationToken = default) =>
        api.PostAsync<StaffPaymentPlan>($"api/v1/payments/accounts/{accountId}/plans", new
        {
            frequency,
            instalmentCount = instalments,
            firstDueDate = firstDueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reason = "Agreed on the phone",
        }, cancellationToken);

    public Task<ApiResult<List<StaffSettlement>>> SettlementsAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<StaffSettlement>>($"api/v1/payments/accounts/{accountId}/settlements", cancellationToken);

    /// <summary>Offers a settlement: agreed at once within the agent's authority, otherwise waiting for a supervisor (or the client).</summary>
    public Task<ApiResult<StaffSettlement>> SettleAsync(Guid accountId, decimal amount, string currency, string? reason, CancellationToken cancellationToken = default) =>
        api.PostAsync<StaffSettlement>($"api/v1/payments/accounts/{accountId}/settlements", new { amount, currency, reason }, cancellationToken);

    public Task<ApiResult<List<DisputeCase>>> DisputesAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<DisputeCase>>($"api/v1/disputes/accounts/{accountId}/disputes", cancellationToken);

    public Task<ApiResult<DisputeCase>> DisputeAsync(Guid accountId, string reason, string? details, CancellationToken cancellationToken = default) =>
        api.PostAsync<DisputeCase>($"api/v1/disputes/accounts/{accountId}/disputes", new { reason, channel = "agent", details }, cancellationToken);

    public Task<ApiResult<ConsumerRequestCase>> ConsumerRequestAsync(Guid accountId, ConsumerRequestForm form, CancellationToken cancellationToken = default) =>
        api.PostAsync<ConsumerRequestCase>($"api/v1/disputes/accounts/{accountId}/requests", new
        {
            kind = form.Kind,
            attorneyName = Blank(form.AttorneyName),
            attorneyPhone = Blank(form.AttorneyPhone),
            bankruptcyCaseNumber = Blank(form.BankruptcyCaseNumber),
            bankruptcyChapter = form.Kind == "bankruptcy" ? form.BankruptcyChapter : (int?)null,
            bankruptcyFiledOn = form.Kind == "bankruptcy" ? form.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            dateOfDeath = form.Kind == "deceased" ? form.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            evidenceNote = Blank(form.EvidenceNote),
        }, cancellationToken);

    public Task<ApiResult<List<CaseHistoryItem>>> CaseHistoryAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<CaseHistoryItem>>($"api/v1/disputes/accounts/{accountId}/history", cancellationToken);

    private static string PhoneType(string type) => type.ToLowerInvariant() switch
    {
        "mobile" => "Mobile",
        "work" => "Work",
        _ => "Landline",
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What the agent fills in for a consumer request (cease communication, attorney, bankruptcy, deceased).</summary>
public sealed class ConsumerRequestForm
{
    public string Kind { get; set; } = "cease-communication";

    public string? AttorneyName { get; set; }

    public string? AttorneyPhone { get; set; }

    public string? BankruptcyCaseNumber { get; set; }

    public int BankruptcyChapter { get; set; } = 7;

    public DateTime? Date { get; set; }

    public string? EvidenceNote { get; set; }
}

/// <summary>The account the agent took from the queue in this circuit, with its disclosure and the engine's verdicts then.</summary>
public sealed class AgentWorkState
{
    public WorkItem? Current { get; set; }
}
