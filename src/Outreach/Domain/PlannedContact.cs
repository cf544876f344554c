using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>
/// An action the daily strategy run decided for one account on one business date: a letter, email or text to send at
/// <see cref="ScheduledAt"/>, or a call to queue. Unique per tenant, account, date and step, so a repeated run adds nothing.
/// </summary>
public sealed class PlannedContact : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }

    public Guid ConsumerId { get; set; }

    public DateOnly BusinessDate { get; set; }

    /// <summary>The strategy version and step number, e.g. "0f8c…:2:1".</summary>
    public string StepKey { get; set; } = "";

    public Guid StrategyId { get; set; }

    public ContactChannel Channel { get; set; }

    public string TemplateKey { get; set; } = "";

    /// <summary>The number (SMS, calls) or address (email) chosen; null for letters.</summary>
    public string? Target { get; set; }

    public PhoneNumberType? TargetType { get; set; }

    public string Language { get; set; } = "en";

    /// <summary>When to send (messages) or from when the account is callable (calls), as the engine allowed it.</summary>
    public DateTimeOffset ScheduledAt { get; set; }

    public PlannedContactState State { get; set; }

    /// <summary>The engine's reason codes when blocked; the provider's error when failed.</summary>
    public string? Reasons { get; set; }

    /// <summary>For an instalment reminder: the instalment's amount, currency and due date (the business date is the due date too).</summary>
    public decimal? DueAmount { get; set; }

    public string? DueCurrency { get; set; }

    public DateOnly? DueDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>Where a planned contact stands.</summary>
public enum PlannedContactState
{
    /// <summary>A message waiting for its send time.</summary>
    Scheduled,

    /// <summary>A call for the agent work queue.</summary>
    Queued,

    /// <summary>Sent by the channel provider.</summary>
    Sent,

    /// <summary>The compliance engine blocked it (at the run or just before sending).</summary>
    Blocked,

    /// <summary>The channel provider failed, or no address was known.</summary>
    Failed,
}
