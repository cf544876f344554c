using Collections.Disputes.Domain;

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

    /// <summary>The largest attachment accepted, in bytes; 10 MiB by default. A larger upload is a 413 problem.</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long a client has to send verification documents when none is given with the request; 15 days by default.</summary>
    public TimeSpan VerificationResponseTime { get; set; } = TimeSpan.FromDays(15);

    /// <summary>Complaint deadlines and escalation.</summary>
    public ComplaintOptions Complaints { get; set; } = new();

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

/// <summary>Complaint deadlines per source, per tenant, and when the sweeper escalates.</summary>
public sealed class ComplaintOptions
{
    /// <summary>
    /// Deadlines by source (consumer, client, regulator, agent) when the tenant has none of its own:
    /// regulator 15 days to the first response and 60 to close; the others 5 and 30.
    /// </summary>
    public Dictionary<string, DeadlineDays> Deadlines { get; set; } = new(StringComparer.Ordinal)
    {
        [ComplaintVocabulary.Consumer] = new() { FirstResponseDays = 5, CloseDays = 30 },
        [ComplaintVocabulary.Client] = new() { FirstResponseDays = 5, CloseDays = 30 },
        [ComplaintVocabulary.Regulator] = new() { FirstResponseDays = 15, CloseDays = 60 },
        [ComplaintVocabulary.Agent] = new() { FirstResponseDays = 5, CloseDays = 30 },
    };

    /// <summary>A tenant's own deadlines, keyed by tenant id, then by source; a source it does not name keeps the default.</summary>
    public Dictionary<string, Dictionary<string, DeadlineDays>> TenantDeadlines { get; set; } = [];

    /// <summary>How long before a deadline an unanswered or open complaint is escalated to the supervisors; 2 days by default.</summary>
    public TimeSpan EscalationLeadTime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the sweeper looks for complaints to escalate; 5 minutes by default.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The deadlines of a complaint from <paramref name="source"/> for <paramref name="tenantId"/>.</summary>
    public ComplaintDeadlines For(Guid tenantId, string source)
    {
        var days = TenantDeadlines.TryGetValue(tenantId.ToString(), out var own) && own.TryGetValue(source, out var tenants)
            ? tenants
            : Deadlines.TryGetValue(source, out var defaults) ? defaults : new DeadlineDays();
        return new ComplaintDeadlines(TimeSpan.FromDays(days.FirstResponseDays), TimeSpan.FromDays(days.CloseDays));
    }
}

/// <summary>Calendar days from a complaint's receipt to its first response and to its close.</summary>
public sealed class DeadlineDays
{
    public int FirstResponseDays { get; set; } = 5;

    public int CloseDays { get; set; } = 30;
}
