using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>Where an account is in its life with the agency.</summary>
public enum AccountStatus
{
    Placed,
    InValidationPeriod,
    Active,
    PaidInFull,
    SettledInFull,
    Recalled,
    ReturnedUncollectible,
    ClosedAfterDispute,
}

/// <summary>One debt placed by a client with a tenant: the system of record for its balances and status.</summary>
public sealed class Account : ITenantOwned, IAccountParties
{
    private Account()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The client business that placed the account.</summary>
    public Guid ClientId { get; private set; }

    /// <summary>The client's own reference; unique per client of a tenant, so re-sending a placement creates nothing twice.</summary>
    public string ClientReference { get; private set; } = "";

    public string OriginalCreditor { get; private set; } = "";

    public string CurrentCreditor { get; private set; } = "";

    public Guid ConsumerId { get; private set; }

    /// <summary>The person who owes the debt.</summary>
    public Consumer Consumer { get; private set; } = null!;

    /// <summary>US state (or territory) whose rules apply.</summary>
    public string Jurisdiction { get; private set; } = "";

    /// <summary>ISO 4217 currency of every balance of the account.</summary>
    public string Currency { get; private set; } = "";

    public decimal Principal { get; private set; }

    public decimal Interest { get; private set; }

    public decimal Fees { get; private set; }

    public decimal Balance => Principal + Interest + Fees;

    /// <summary>
    /// Money received beyond the balance. Overpayments are kept here, never as a negative balance,
    /// so the balance parts stay what the client placed minus what was applied; the credit is owed back.
    /// </summary>
    public decimal Credit { get; private set; }

    public AccountStatus Status { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    /// <summary>When the consumer first fell behind, as the client states it.</summary>
    public DateOnly? DelinquencyDate { get; private set; }

    /// <summary>When the creditor charged the debt off, as the client states it.</summary>
    public DateOnly? ChargeOffDate { get; private set; }

    /// <summary>
    /// The last payment that restarts the limitation clock: as placed, then updated by postings only
    /// in jurisdictions where a payment restarts it.
    /// </summary>
    public DateOnly? LastPaymentDate { get; private set; }

    /// <summary>The placement (file or array) the account arrived in; null when it was placed on its own.</summary>
    public Guid? PlacementId { get; private set; }

    /// <summary>The client's id for the recall that ended the account, so a repeated recall is answered, not refused.</summary>
    public Guid? RecallId { get; private set; }

    /// <summary>Segment code "{age}-{balance}-{history}-{contactability}"; null until first computed.</summary>
    public string? Segment { get; private set; }

    /// <summary>Propensity to pay, 0..1000; null until first computed.</summary>
    public int? Score { get; private set; }

    /// <summary>When the segment and score were last computed.</summary>
    public DateTimeOffset? SegmentedAt { get; private set; }

    /// <summary>The last time an agent spoke with the consumer about this debt, as Outreach reported it.</summary>
    public DateTimeOffset? LastRightPartyContactAt { get; private set; }

    public IReadOnlyList<AccountHold> Holds => holds;

    /// <summary>The distinct kinds of hold on the account, sorted.</summary>
    public IReadOnlyList<string> HoldKinds => [.. holds.Select(h => h.Kind).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Changes made in this unit of work (the full history is read from the database).</summary>
    public IReadOnlyList<AccountHistoryEntry> History => history;

    private readonly List<AccountHold> holds = [];

    private readonly List<AccountHistoryEntry> history = [];

    /// <summary>Places a new account owed by <paramref name="consumer"/>; the inputs are already validated at the edge.</summary>
    public static Account Place(Guid tenantId, PlacementDetails details, Consumer consumer, DateTimeOffset now, Guid? placementId = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        PlacementId = placementId,
        TenantId = tenantId,
        ClientId = details.ClientId,
        ClientReference = details.ClientReference,
        OriginalCreditor = details.OriginalCreditor,
        CurrentCreditor = details.CurrentCreditor ?? details.OriginalCreditor,
        ConsumerId = consumer.Id,
        Consumer = consumer,
        Jurisdiction = details.Jurisdiction,
        Currency = details.Currency,
        Principal = details.Principal,
        Interest = details.Interest,
        Fees = details.Fees,
        Status = AccountStatus.Placed,
        PlacedAt = now,
        DelinquencyDate = details.DelinquencyDate,
        ChargeOffDate = details.ChargeOffDate,
        LastPaymentDate = details.LastPaymentDate,
    };

    /// <summary>Starts collecting: validation done or the first sign of activity.</summary>
    public void Activate(ChangeContext context) => MoveTo(AccountStatus.Active, context);

    /// <summary>Moves to <paramref name="to"/>, or throws <see cref="IllegalStatusTransitionException"/> when the lifecycle forbids it.</summary>
    public void MoveTo(AccountStatus to, ChangeContext context)
    {
        if (!AccountLifecycle.CanMove(Status, to))
        {
            throw new IllegalStatusTransitionException(Status, to);
        }

        Record(AccountChange.StatusChanged, Status.ToString(), to.ToString(), context);
        Status = to;
    }

    /// <summary>
    /// For facts reported by other services (a settlement paid, a dispute closed): moves when the
    /// lifecycle allows, otherwise records the refusal in the history. Never throws, since a
    /// redelivered event would fail the same way forever. True when the status changed.
    /// </summary>
    public bool MoveIfAllowed(AccountStatus to, ChangeContext context)
    {
        if (Status == to)
        {
            return false;
        }

        if (!AccountLifecycle.CanMove(Status, to))
        {
            Record(AccountChange.Refused, Status.ToString(), to.ToString(), context with { Why = $"{context.Why} (status change not allowed)" });
            return false;
        }

        MoveTo(to, context);
        return true;
    }

    /// <summary>Places a hold of <paramref name="kind"/> because of <paramref name="cause"/>; false when that cause already holds it.</summary>
    public bool PlaceHold(string kind, Guid cause, ChangeContext context)
    {
        if (holds.Any(h => h.Kind == kind && h.Cause == cause))
        {
            return false;
        }

        holds.Add(AccountHold.Place(Id, kind, cause, context.At));
        Record(AccountChange.HoldPlaced, null, kind, context);
        return true;
    }

    /// <summary>Releases the hold <paramref name="cause"/> placed; false when there is none. Needs <see cref="Holds"/> loaded.</summary>
    public bool ReleaseHold(string kind, Guid cause, ChangeContext context)
    {
        var hold = holds.FirstOrDefault(h => h.Kind == kind && h.Cause == cause);
        if (hold is null)
        {
            return false;
        }

        holds.Remove(hold);
        Record(AccountChange.HoldReleased, kind, null, context);
        return true;
    }

    /// <summary>
    /// Applies a payment in <paramref name="order"/>. A payment in another currency is not applied
    /// (recorded as refused). Paying the balance off makes an open account paid in full; any other
    /// payment makes a placed account active. <paramref name="paymentRestartsLimitation"/> says whether
    /// the jurisdiction restarts the limitation clock on payment, the only case the payment date is kept.
    /// </summary>
    public PaymentPosting ApplyPayment(Guid paymentId, decimal amount, string currency, PaymentApplicationOrder order, bool paymentRestartsLimitation, ChangeContext context)
    {
        if (currency != Currency || amount <= 0)
        {
            Record(AccountChange.Refused, null, $"payment {amount} {currency}", context with { Why = $"{context.Why} (account is in {Currency}; payment not applied)" });
            return PaymentPosting.For(this, paymentId, amount, currency, null, context.At);
        }

        var allocation = Allocation.Of(amount, Fees, Interest, Principal, order);
        var posting = PaymentPosting.For(this, paymentId, amount, currency, allocation, context.At);
        ChangeBalances(Principal - allocation.Principal, Interest - allocation.Interest, Fees - allocation.Fees, Credit + allocation.Credit, context);
        if (paymentRestartsLimitation)
        {
            LastPaymentDate = DateOnly.FromDateTime(context.At.UtcDateTime);
        }

        var next = Balance == 0 ? AccountStatus.PaidInFull : AccountStatus.Active;
        if (AccountLifecycle.IsOpen(Status) && Status != next)
        {
            MoveTo(next, context);
        }

        return posting;
    }

    /// <summary>Gives back exactly what <paramref name="posting"/> took; a paid-in-full account becomes active again.</summary>
    public bool ReversePayment(PaymentPosting posting, ChangeContext context)
    {
        if (!posting.Applied || posting.ReversedAt is not null)
        {
            return false;
        }

        posting.MarkReversed(context.At);
        ChangeBalances(Principal + posting.ToPrincipal, Interest + posting.ToInterest, Fees + posting.ToFees, Credit - posting.ToCredit, context);
        if (LastPaymentDate == DateOnly.FromDateTime(posting.PostedAt.UtcDateTime))
        {
            LastPaymentDate = posting.PreviousLastPaymentDate;
        }

        if (Status == AccountStatus.PaidInFull && Balance > 0)
        {
            MoveTo(AccountStatus.Active, context);
        }

        return true;
    }

    /// <summary>Replaces the balances with the client's correction; one in another currency is refused.</summary>
    public bool Correct(decimal principal, decimal interest, decimal fees, string currency, ChangeContext context)
    {
        if (currency != Currency || principal < 0 || interest < 0 || fees < 0)
        {
            Record(AccountChange.Refused, null, $"correction to {principal}/{interest}/{fees} {currency}", context with { Why = $"{context.Why} (not applicable to this account)" });
            return false;
        }

        ChangeBalances(principal, interest, fees, Credit, context);
        return true;
    }

    /// <summary>
    /// The client takes the account back. The same recall id again changes nothing (false); any other
    /// recall of an account that can no longer be recalled is an illegal transition.
    /// </summary>
    public bool Recall(Guid recallId, ChangeContext context)
    {
        if (RecallId == recallId)
        {
            return false;
        }

        MoveTo(AccountStatus.Recalled, context);
        RecallId = recallId;
        return true;
    }

    /// <summary>
    /// Reduces the balances: a fee or interest waiver from that part only, a credit in the client's
    /// payment order. An adjustment larger than what it reduces is refused, as is one on a closed account.
    /// </summary>
    public BalanceAdjustment Adjust(Guid adjustmentId, string kind, decimal amount, string reason, PaymentApplicationOrder order, ChangeContext context)
    {
        if (!AccountLifecycle.IsOpen(Status))
        {
            throw new BusinessRuleException(RuleViolationKind.Conflict, "account-closed", "Account closed", $"An account that is {Status} takes no adjustments.");
        }

        var allocation = kind switch
        {
            AdjustmentKinds.FeeWaiver when amount <= Fees => new Allocation(amount, 0, 0, 0),
            AdjustmentKinds.InterestWaiver when amount <= Interest => new Allocation(0, amount, 0, 0),
            AdjustmentKinds.Credit when amount <= Balance => Allocation.Of(amount, Fees, Interest, Principal, order),
            _ => throw new AdjustmentRefusedException($"A {kind} of {amount} exceeds what the account owes for it (principal {Principal}, interest {Interest}, fees {Fees})."),
        };
        ChangeBalances(Principal - allocation.Principal, Interest - allocation.Interest, Fees - allocation.Fees, Credit, context);
        return BalanceAdjustment.For(this, adjustmentId, kind, amount, reason, allocation, context);
    }

    /// <summary>
    /// Takes a freshly computed segment and score; true (and recorded in the history) only when
    /// either changed, so a recomputation that changes nothing publishes nothing.
    /// </summary>
    public bool AssignSegment(SegmentAssignment assignment, ChangeContext context)
    {
        SegmentedAt = context.At;
        if (Segment == assignment.Segment && Score == assignment.Score)
        {
            return false;
        }

        Record(AccountChange.Segmented, Segment is null ? null : $"{Segment} ({Score})", $"{assignment.Segment} ({assignment.Score})", context);
        (Segment, Score) = (assignment.Segment, assignment.Score);
        return true;
    }

    /// <summary>Notes a conversation with the consumer about this debt; an older report than the one known changes nothing.</summary>
    public bool RecordRightPartyContact(DateTimeOffset at)
    {
        if (LastRightPartyContactAt >= at)
        {
            return false;
        }

        LastRightPartyContactAt = at;
        return true;
    }

    private void ChangeBalances(decimal principal, decimal interest, decimal fees, decimal credit, ChangeContext context)
    {
        var before = Balances();
        (Principal, Interest, Fees, Credit) = (principal, interest, fees, credit);
        Record(AccountChange.BalanceChanged, before, Balances(), context);
    }

    private string Balances() => FormattableString.Invariant($"principal {Principal:0.00}, interest {Interest:0.00}, fees {Fees:0.00}, credit {Credit:0.00}");

    private void Record(AccountChange change, string? from, string? to, ChangeContext context) =>
        history.Add(AccountHistoryEntry.For(this, change, from, to, context));

    /// <summary>
    /// Whether a re-sent placement describes this same account. Re-sending is harmless; sending
    /// different facts under the same reference is a conflict the client must resolve. Needs
    /// <see cref="Consumer"/> loaded.
    /// </summary>
    public bool IsSamePlacementAs(PlacementDetails details) =>
        ClientId == details.ClientId
        && ClientReference == details.ClientReference
        && OriginalCreditor == details.OriginalCreditor
        && CurrentCreditor == (details.CurrentCreditor ?? details.OriginalCreditor)
        && Consumer.IsIdentifiedBy(details.Consumer)
        && Jurisdiction == details.Jurisdiction
        && Currency == details.Currency
        && Principal == details.Principal
        && Interest == details.Interest
        && Fees == details.Fees
        && DelinquencyDate == details.DelinquencyDate
        && ChargeOffDate == details.ChargeOffDate
        && LastPaymentDate == details.LastPaymentDate;
}

/// <summary>The facts a client states when it places an account.</summary>
public sealed record PlacementDetails(
    Guid ClientId,
    string ClientReference,
    string OriginalCreditor,
    string? CurrentCreditor,
    StatedConsumer Consumer,
    string Jurisdiction,
    string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    DateOnly? DelinquencyDate = null,
    DateOnly? ChargeOffDate = null,
    DateOnly? LastPaymentDate = null);
