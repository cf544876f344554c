using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>Where a payment plan stands.</summary>
public enum PaymentPlanStatus
{
    /// <summary>Instalments are being paid.</summary>
    Active,

    /// <summary>Every instalment was paid.</summary>
    Completed,

    /// <summary>An instalment stayed unpaid past the grace period.</summary>
    Broken,

    /// <summary>Renegotiated: a newer plan took its place.</summary>
    Replaced,
}

/// <summary>Where one instalment stands.</summary>
public enum InstalmentStatus
{
    Scheduled,
    Paid,

    /// <summary>Unpaid: its autopay charge was declined or its payment reversed.</summary>
    Missed,
}

/// <summary>
/// An agreement to pay an account's balance, or an agreed settlement, in instalments. Optionally
/// charged automatically on each due date to a stored payment method (the processor's token).
/// </summary>
public sealed class PaymentPlan : ITenantOwned, IAccountParties
{
    private readonly List<Instalment> instalments = [];

    private PaymentPlan()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    public decimal Total { get; private set; }

    public string Currency { get; private set; } = "";

    public PlanFrequency Frequency { get; private set; }

    public DateOnly FirstDueDate { get; private set; }

    public PaymentPlanStatus Status { get; private set; }

    /// <summary>A staff user id, "portal" or "client".</summary>
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The agreed settlement this plan pays, if any.</summary>
    public Guid? SettlementId { get; private set; }

    public Guid? ReplacesPaymentPlanId { get; private set; }

    public Guid? ReplacedByPaymentPlanId { get; private set; }

    /// <summary>The stored payment method autopay charges: the processor's token, never a number.</summary>
    public string? AutopayToken { get; private set; }

    public PaymentMethodKind? AutopayMethod { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public IReadOnlyList<Instalment> Instalments => instalments;

    public bool Autopay => AutopayToken is not null;

    public static PaymentPlan Create(
        PayableAccount account,
        decimal total,
        PlanFrequency frequency,
        int instalmentCount,
        DateOnly firstDueDate,
        string createdBy,
        DateTimeOffset now,
        Guid? settlementId,
        (string Token, PaymentMethodKind Method)? autopay,
        Guid? replaces = null)
    {
        var plan = new PaymentPlan
        {
            Id = Guid.CreateVersion7(now),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            Total = total,
            Currency = account.Currency,
            Frequency = frequency,
            FirstDueDate = firstDueDate,
            Status = PaymentPlanStatus.Active,
            CreatedBy = createdBy,
            CreatedAt = now,
            SettlementId = settlementId,
            ReplacesPaymentPlanId = replaces,
            AutopayToken = autopay?.Token,
            AutopayMethod = autopay?.Method,
        };
        plan.instalments.AddRange(InstalmentSchedule.Build(total, account.Currency, instalmentCount, frequency, firstDueDate)
            .Select(s => Instalment.Of(plan, s)));
        return plan;
    }

    /// <summary>The earliest instalment not yet paid, if any.</summary>
    public Instalment? NextUnpaid => instalments.Where(i => i.Status != InstalmentStatus.Paid).MinBy(i => i.Number);

    /// <summary>Marks <paramref name="instalment"/> paid by <paramref name="paymentId"/>; completes the plan when it was the last unpaid one.</summary>
    public void Pay(Instalment instalment, Guid paymentId, DateTimeOffset now)
    {
        instalment.MarkPaid(paymentId, now);
        if (instalments.All(i => i.Status == InstalmentStatus.Paid))
        {
            Status = PaymentPlanStatus.Completed;
            EndedAt = now;
        }
    }

    /// <summary>
    /// The payment of <paramref name="instalment"/> failed or was reversed on <paramref name="day"/>: unpaid
    /// again, and a plan completed by it is active again.
    /// </summary>
    public void Missed(Instalment instalment, DateOnly day)
    {
        instalment.MarkMissed(day);
        if (Status == PaymentPlanStatus.Completed)
        {
            Status = PaymentPlanStatus.Active;
            EndedAt = null;
        }
    }

    /// <summary>The plan is broken: an instalment stayed unpaid past the grace period.</summary>
    public void Break(DateTimeOffset now)
    {
        Status = PaymentPlanStatus.Broken;
        EndedAt = now;
    }

    /// <summary>Renegotiated: <paramref name="successor"/> replaces this plan, which is kept as history.</summary>
    public void ReplaceWith(PaymentPlan successor, DateTimeOffset now)
    {
        Status = PaymentPlanStatus.Replaced;
        ReplacedByPaymentPlanId = successor.Id;
        EndedAt = now;
    }

    /// <summary>Whether the plan can still be renegotiated: active or broken, not replaced or completed.</summary>
    public bool CanBeRenegotiated => Status is PaymentPlanStatus.Active or PaymentPlanStatus.Broken;
}

/// <summary>One dated amount of a payment plan.</summary>
public sealed class Instalment
{
    private Instalment()
    {
    }

    public Guid PaymentPlanId { get; private set; }

    public int Number { get; private set; }

    public DateOnly DueDate { get; private set; }

    public decimal Amount { get; private set; }

    public InstalmentStatus Status { get; private set; }

    /// <summary>The payment that paid it (the latest, when an earlier one was reversed).</summary>
    public Guid? PaymentId { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>The date the grace period counts from: the due date, or the day a payment of it failed or was reversed.</summary>
    public DateOnly GraceFrom { get; private set; }

    public DateTimeOffset? ReminderSentAt { get; private set; }

    /// <summary>When autopay charged it; autopay charges each instalment once.</summary>
    public DateTimeOffset? AutopayChargedAt { get; private set; }

    internal static Instalment Of(PaymentPlan plan, ScheduledInstalment scheduled) => new()
    {
        PaymentPlanId = plan.Id,
        Number = scheduled.Number,
        DueDate = scheduled.DueDate,
        Amount = scheduled.Amount,
        Status = InstalmentStatus.Scheduled,
        GraceFrom = scheduled.DueDate,
    };

    internal void MarkPaid(Guid paymentId, DateTimeOffset now)
    {
        Status = InstalmentStatus.Paid;
        PaymentId = paymentId;
        PaidAt = now;
    }

    /// <summary>Its payment failed or was reversed on <paramref name="day"/>: unpaid again, the grace period counting from that day when later than the due date.</summary>
    internal void MarkMissed(DateOnly day)
    {
        Status = InstalmentStatus.Missed;
        PaidAt = null;
        GraceFrom = day > DueDate ? day : DueDate;
    }

    public void RemindedAt(DateTimeOffset now) => ReminderSentAt = now;

    public void AutopayCharged(DateTimeOffset now) => AutopayChargedAt = now;

    /// <summary>True when it is unpaid and its grace period of <paramref name="graceDays"/> ended before <paramref name="today"/>.</summary>
    public bool IsPastGrace(DateOnly today, int graceDays) => Status != InstalmentStatus.Paid && GraceFrom.AddDays(graceDays) < today;
}
