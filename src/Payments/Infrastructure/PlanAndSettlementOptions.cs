namespace Collections.Payments.Infrastructure;

/// <summary>Payment plan settings, section <c>Payments:Plans</c>.</summary>
public sealed class PaymentPlanOptions
{
    public const string Section = "Payments:Plans";

    /// <summary>Days an instalment may stay unpaid after its due date (or after its payment failed) before the plan is broken (<c>Payments:Plans:GraceDays</c>).</summary>
    public int GraceDays { get; set; } = 5;

    /// <summary>Days before each due date the reminder <c>PaymentInstalmentDue</c> goes out (<c>Payments:Plans:ReminderDaysBefore</c>).</summary>
    public int ReminderDaysBefore { get; set; } = 3;

    /// <summary>How often reminders, autopay, grace periods and settlement expiry are checked (<c>Payments:Plans:SchedulerInterval</c>).</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most instalments a consumer may choose in the portal, unless the tenant set its own (<c>Payments:Plans:PortalMaxInstalments</c>).</summary>
    public int PortalMaxInstalments { get; set; } = 12;

    /// <summary>Smallest instalment a consumer may choose in the portal, unless the tenant set its own (<c>Payments:Plans:PortalMinInstalmentAmount</c>).</summary>
    public decimal PortalMinInstalmentAmount { get; set; } = 25m;

    /// <summary>Most instalments any plan may have (<c>Payments:Plans:MaxInstalments</c>).</summary>
    public int MaxInstalments { get; set; } = 120;
}

/// <summary>Settlement settings, section <c>Payments:Settlements</c>.</summary>
public sealed class SettlementOptions
{
    public const string Section = "Payments:Settlements";

    /// <summary>How long an offer waits for its approver before it expires (<c>Payments:Settlements:PendingLifetime</c>).</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an agreed settlement that no plan pays stays open unpaid before it expires (<c>Payments:Settlements:AgreedLifetime</c>).</summary>
    public TimeSpan AgreedLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Discount an agent may grant alone for a client whose settings never arrived (<c>Payments:Settlements:DefaultAgentDiscountPercent</c>).</summary>
    public decimal DefaultAgentDiscountPercent { get; set; }

    /// <summary>Discount a supervisor may approve for a client whose settings never arrived (<c>Payments:Settlements:DefaultSupervisorDiscountPercent</c>).</summary>
    public decimal DefaultSupervisorDiscountPercent { get; set; }
}
