namespace Collections.Gateway.Webhooks;

/// <summary>Webhook settings, bound from the <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Accept plain-http endpoint URLs on loopback hosts (localhost, 127.0.0.1, ::1), for local
    /// development and tests. Defaults to true in the Development environment only.
    /// </summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Delay before the first retry; each later one is three times longer, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A delivery still failing this long after its first attempt is given up as failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a receiver has to answer one attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries in flight at once per gateway instance.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 8;

    internal bool IsValid =>
        PollInterval > TimeSpan.Zero
        && FirstRetryDelay > TimeSpan.Zero
        && MaxRetryDelay >= FirstRetryDelay
        && GiveUpAfter > TimeSpan.Zero
        && RequestTimeout > TimeSpan.Zero
        && MaxConcurrentDeliveries is > 0 and <= 256;
}
