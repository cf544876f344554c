namespace Collections.Payments.Infrastructure;

/// <summary>Settings of the Payments service, section <c>Payments</c>.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// The contingency fee percentage for a client whose own rate (from <c>ClientSettingsChanged</c>) has
    /// not arrived yet (<c>Payments:ContingencyFeePercent</c>).
    /// </summary>
    public decimal ContingencyFeePercent { get; set; } = 25m;

    /// <summary>How long idempotency keys are kept, at least 24 hours (<c>Payments:IdempotencyKeyRetention</c>).</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request under an idempotency key may stay in progress before a retry with the same key takes it over
    /// (<c>Payments:IdempotencyInProgressTimeout</c>): a process that died mid-request never completes or releases
    /// its key, which would otherwise answer 409 to every retry for as long as the key is kept.
    /// </summary>
    public TimeSpan IdempotencyInProgressTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired idempotency keys are deleted (<c>Payments:IdempotencyCleanupInterval</c>).</summary>
    public TimeSpan IdempotencyCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the processor is asked for later outcomes such as ACH returns (<c>Payments:ProcessorPollInterval</c>).</summary>
    public TimeSpan ProcessorPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    public SandboxOptions Sandbox { get; set; } = new();

    public RemittanceOptions Remittance { get; set; } = new();
}

/// <summary>Remittance to clients, section <c>Payments:Remittance</c>.</summary>
public sealed class RemittanceOptions
{
    /// <summary>
    /// The secret (at least 32 characters) the clients' bank account numbers are encrypted with
    /// (<c>Payments:Remittance:AccountNumberKey</c>); without it bank accounts cannot be set.
    /// </summary>
    public string? AccountNumberKey { get; set; }
}

/// <summary>The offline sandbox processor, section <c>Payments:Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    /// <summary>Whether the test-number tokenizer is mapped; when unset, only in Development.</summary>
    public const string EnabledKey = "Payments:Sandbox:Enabled";

    /// <summary>How long after approval a returning ACH test token is returned (<c>Payments:Sandbox:AchReturnDelay</c>).</summary>
    public TimeSpan AchReturnDelay { get; set; } = TimeSpan.FromDays(5);
}
