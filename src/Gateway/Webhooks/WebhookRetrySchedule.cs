namespace Collections.Gateway.Webhooks;

/// <summary>
/// When a failed delivery is tried again: after the first retry delay (10 s by default), then three
/// times longer after each further failure (30 s, 1.5 min, 4.5 min, …) up to the maximum (1 h), each
/// spread by ±20 % so endpoints that failed together are not retried in lockstep. A delivery whose
/// next attempt would fall later than <c>GiveUpAfter</c> (24 h) after its first attempt has failed.
/// </summary>
public sealed class WebhookRetrySchedule(TimeSpan firstRetryDelay, TimeSpan maxRetryDelay, TimeSpan giveUpAfter)
{
    public const double Growth = 3;

    /// <summary>The largest share by which a delay is lengthened or shortened at random.</summary>
    public const double Jitter = 0.2;

    public static WebhookRetrySchedule From(WebhookOptions options) =>
        new(options.FirstRetryDelay, options.MaxRetryDelay, options.GiveUpAfter);

    /// <summary>The delay, before jitter, after <paramref name="consecutiveFailures"/> failed attempts in a row (at least 1).</summary>
    public TimeSpan DelayAfter(int consecutiveFailures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        var ticks = firstRetryDelay.Ticks * Math.Pow(Growth, consecutiveFailures - 1);
        return ticks >= maxRetryDelay.Ticks ? maxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// When to try again after an attempt that ended at <paramref name="failedAt"/>, or null when the
    /// delivery should be given up. <paramref name="jitterSample"/> in [0, 1) picks the point in the jitter band.
    /// </summary>
    public DateTimeOffset? NextAttemptAt(DateTimeOffset firstAttemptAt, DateTimeOffset failedAt, int consecutiveFailures, double jitterSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jitterSample, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitterSample, 1);
        var factor = 1 - Jitter + (2 * Jitter * jitterSample);
        var delay = TimeSpan.FromTicks(Math.Min((long)(DelayAfter(consecutiveFailures).Ticks * factor), maxRetryDelay.Ticks));
        var next = failedAt + delay;
        return next > firstAttemptAt + giveUpAfter ? null : next;
    }
}
