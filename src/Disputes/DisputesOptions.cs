namespace Collections.Disputes;

/// <summary>The tenant policy and notice template of the Disputes service (configuration section <c>Disputes</c>).</summary>
public sealed class DisputesOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Disputes";

    /// <summary>
    /// Whether a dispute received after the validation period still holds collection until verification is
    /// sent. Regulation F only requires it inside the period; holding anyway is the safe default.
    /// </summary>
    public bool HoldAfterValidationPeriod { get; set; } = true;

    /// <summary>
    /// Days between placement and sending the validation notice; 0 sends it on the placement day. The
    /// notice must go out within 5 days of the initial communication.
    /// </summary>
    public int NoticeSentDaysAfterPlacement { get; set; }

    /// <summary>The notice template used when a tenant has none of its own.</summary>
    public NoticeTemplate NoticeTemplate { get; set; } = new();

    /// <summary>Per-tenant notice templates, keyed by tenant id.</summary>
    public Dictionary<string, NoticeTemplate> TenantNoticeTemplates { get; set; } = [];

    /// <summary>The template for <paramref name="tenantId"/>: its own, else the default.</summary>
    public NoticeTemplate TemplateFor(Guid tenantId) =>
        TenantNoticeTemplates.TryGetValue(tenantId.ToString(), out var own) ? own : NoticeTemplate;
}

/// <summary>What a tenant's validation notices say about the collector and how to dispute.</summary>
public sealed class NoticeTemplate
{
    /// <summary>The debt collector's name, as the notice names it.</summary>
    public string CollectorName { get; set; } = "Your debt collector";

    /// <summary>Where to mail a dispute.</summary>
    public string MailingAddress { get; set; } = "";

    /// <summary>The phone number consumers may call.</summary>
    public string Phone { get; set; } = "";

    /// <summary>Where consumers dispute online.</summary>
    public string PortalUrl { get; set; } = "";
}
