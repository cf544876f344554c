using Collections.Contracts.Events;

namespace Collections.Reporting.Tests;

/// <summary>
/// A small, fully known history of one tenant in March 2026 (UTC), from which every KPI is computed by hand in the tests.
/// Client A has accounts A1, A2 (placement P1) and A3 (placement P2); client B has A4 (placement P1). All four are placed
/// on 2026-03-02 09:00. A1 and A3 are on the champion strategy S1, A2 and A4 on the challenger S2.
/// </summary>
public sealed class ScriptedHistory
{
    public Guid TenantId { get; } = Guid.NewGuid();
    public Guid ClientA { get; } = Guid.NewGuid();
    public Guid ClientB { get; } = Guid.NewGuid();
    public Guid PlacementP1 { get; } = Guid.NewGuid();
    public Guid PlacementP2 { get; } = Guid.NewGuid();
    public Guid StrategyS1 { get; } = Guid.NewGuid();
    public Guid StrategyS2 { get; } = Guid.NewGuid();
    public Guid A1 { get; } = Guid.NewGuid();
    public Guid A2 { get; } = Guid.NewGuid();
    public Guid A3 { get; } = Guid.NewGuid();
    public Guid A4 { get; } = Guid.NewGuid();
    public Guid Pay1 { get; } = Guid.NewGuid();
    public Guid Rpc1 { get; } = Guid.NewGuid();

    public static readonly DateTimeOffset Placed = At(2, 9, 0);

    /// <summary>2026-03-{day} {hour}:{minute} UTC.</summary>
    public static DateTimeOffset At(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>
    /// The events in the order they are published. A1's payment and segment come before its placement (out of order);
    /// so does A3's reversal before its payment.
    /// </summary>
    public IReadOnlyList<IntegrationEvent> Events()
    {
        var p1 = Guid.NewGuid();
        var p2 = Guid.NewGuid();
        var pay3 = Guid.NewGuid();
        return
        [
            // Out of order: A1's payment and re-segmentation arrive before A1 is placed with its initial segment;
            // the later segment ("early") wins over the one it had at placement ("mid").
            Payment(A1, ClientA, Pay1, 200m, At(10, 15, 0), "portal"),
            Segmented(A1, ClientA, "early"),
            Placed_(A1, ClientA, PlacementP1, 1000m, new DateOnly(2026, 1, 1), "mid"),

            // The others keep the segment they were placed with.
            Placed_(A2, ClientA, PlacementP1, 500m, new DateOnly(2026, 1, 20), "early"),
            Placed_(A3, ClientA, PlacementP2, 2000m, new DateOnly(2025, 10, 1), "late"),
            Placed_(A4, ClientB, PlacementP1, 800m, new DateOnly(2026, 3, 15), "late"),
            Strategy(A1, ClientA, StrategyS1, "champion"),
            Strategy(A2, ClientA, StrategyS2, "challenger"),
            Strategy(A3, ClientA, StrategyS1, "champion"),
            Strategy(A4, ClientB, StrategyS2, "challenger"),

            // Calls. agent-1: #1 #2 #3 #7; agent-2: #4 #5 #6.
            Attempt(A1, ClientA, Guid.NewGuid(), At(3, 10, 5), "NoAnswer", "agent-1"),
            Attempt(A1, ClientA, Rpc1, At(3, 10, 20), "RightPartyContact", "agent-1"),
            Rpc(A1, ClientA, Rpc1, At(3, 10, 20), "agent-1"),
            Promise(A1, ClientA, p1, 200m, At(3, 10, 21), new DateOnly(2026, 3, 10), "agent-1"),
            Attempt(A2, ClientA, Guid.NewGuid(), At(3, 11, 10), "Voicemail", "agent-1"),
            Attempt(A2, ClientA, Guid.NewGuid(), At(4, 14, 0), "RightPartyContact", "agent-2"),
            Attempt(A3, ClientA, Guid.NewGuid(), At(5, 9, 30), "WrongParty", "agent-2"),
            Attempt(A3, ClientA, Guid.NewGuid(), At(5, 9, 45), "NotConnected", "agent-2"),
            Attempt(A4, ClientB, Guid.NewGuid(), At(5, 9, 0), "RightPartyContact", "agent-1"),
            Rpc(A2, ClientA, Guid.NewGuid(), At(4, 14, 0), "agent-2"),
            Rpc(A4, ClientB, Guid.NewGuid(), At(5, 9, 0), "agent-1"),
            Promise(A2, ClientA, p2, 400m, At(4, 14, 12), new DateOnly(2026, 3, 15), "agent-2"),
            Sms(A3, ClientA, At(6, 12, 0)),

            // Money. pay2 and pay4 within a day of the accounts' first RPC; A3's payment is reversed (reversal first).
            Payment(A2, ClientA, Guid.NewGuid(), 100m, At(4, 15, 0), "agent-2"),
            Payment(A4, ClientB, Guid.NewGuid(), 300m, At(5, 15, 0), "agent-1"),
            new PaymentReversed { TenantId = TenantId, OccurredAt = At(14, 9, 0), PaymentId = pay3, AccountId = A3, ClientId = ClientA, Amount = 50m, Currency = "USD", Reason = "ach-return:R01" },
            Payment(A3, ClientA, pay3, 50m, At(12, 8, 0), "agent-2"),
            new PromiseToPayKept { TenantId = TenantId, OccurredAt = At(10, 15, 1), PromiseId = p1, AccountId = A1, ClientId = ClientA, AmountPaid = 200m, Currency = "USD" },
            new PromiseToPayBroken { TenantId = TenantId, OccurredAt = At(17, 0, 0), PromiseId = p2, AccountId = A2, ClientId = ClientA, DueDate = new DateOnly(2026, 3, 15), AmountPaid = 0m, Currency = "USD" },
            new PaymentPlanCreated
            {
                TenantId = TenantId, OccurredAt = At(11, 10, 0), PaymentPlanId = Guid.NewGuid(), AccountId = A1, ClientId = ClientA, Total = 800m, Currency = "USD",
                Frequency = "monthly", InstalmentCount = 4, FirstDueDate = new DateOnly(2026, 4, 1), CreatedBy = "agent-1",
            },
            new SettlementAgreed
            {
                TenantId = TenantId, OccurredAt = At(15, 10, 0), SettlementId = Guid.NewGuid(), AccountId = A3, ClientId = ClientA, Amount = 1200m, BalanceAtOffer = 2000m,
                Currency = "USD", DiscountPercent = 40m, ApprovedBy = "supervisor",
            },
            new DisputeOpened
            {
                TenantId = TenantId, OccurredAt = At(6, 10, 0), DisputeId = Guid.NewGuid(), AccountId = A3, ClientId = ClientA, Reason = "wrong-amount", Channel = "portal",
                WithinValidationPeriod = true, HoldsCollection = true,
            },
            new ComplaintOpened
            {
                TenantId = TenantId, OccurredAt = At(7, 10, 0), ComplaintId = Guid.NewGuid(), AccountId = A1, ClientId = ClientA, Source = "consumer", Category = "agent-conduct",
                Severity = "medium", FirstResponseDue = At(12, 10, 0), CloseDue = At(31, 10, 0), AgentId = "agent-1",
            },
            new AccountStatusChanged { TenantId = TenantId, OccurredAt = At(20, 10, 0), AccountId = A2, ClientId = ClientA, From = "Active", To = "PaidInFull", Reason = "payment" },
            new AccountStatusChanged { TenantId = TenantId, OccurredAt = new DateTimeOffset(2026, 4, 10, 10, 0, 0, TimeSpan.Zero), AccountId = A4, ClientId = ClientB, From = "Active", To = "SettledInFull", Reason = "settlement" },
            new RemittanceStatementIssued
            {
                TenantId = TenantId, OccurredAt = new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.Zero), StatementId = Guid.NewGuid(), ClientId = ClientA,
                PeriodStart = new DateOnly(2026, 3, 1), PeriodEnd = new DateOnly(2026, 3, 31), Collected = 350m, Reversed = 50m, Fees = 90m, NetDue = 210m, Currency = "USD",
            },
        ];
    }

    public PaymentPosted Payment(Guid account, Guid client, Guid paymentId, decimal amount, DateTimeOffset at, string recordedBy) => new()
    {
        TenantId = TenantId, OccurredAt = at, PaymentId = paymentId, AccountId = account, ClientId = client, Amount = amount, Currency = "USD", Method = "card", RecordedBy = recordedBy,
    };

    public RightPartyContacted Rpc(Guid account, Guid client, Guid attemptId, DateTimeOffset at, string agent) => new()
    {
        TenantId = TenantId, OccurredAt = at, AttemptId = attemptId, AccountId = account, ClientId = client, Channel = "Call", AgentId = agent, ContactedAt = at,
    };

    private AccountPlaced Placed_(Guid account, Guid client, Guid placement, decimal balance, DateOnly delinquent, string segment) => new()
    {
        TenantId = TenantId, OccurredAt = Placed, AccountId = account, ClientId = client, ConsumerId = Guid.NewGuid(), ClientReference = $"REF-{account:N}"[..12],
        Jurisdiction = "NY", Currency = "USD", Principal = balance, Interest = 0m, Fees = 0m, PlacedBalance = balance, PlacementId = placement, DelinquencyDate = delinquent,
        Segment = segment, Score = 500,
    };

    private AccountSegmented Segmented(Guid account, Guid client, string segment) => new()
    {
        TenantId = TenantId, OccurredAt = Placed.AddMinutes(1), AccountId = account, ClientId = client, Segment = segment, Score = 600, Cause = "payment:" + Pay1,
    };

    private StrategyAssigned Strategy(Guid account, Guid client, Guid strategy, string arm) => new()
    {
        TenantId = TenantId, OccurredAt = Placed.AddMinutes(2), AccountId = account, ClientId = client, Segment = "any", StrategyId = strategy, StrategyName = arm, Arm = arm,
    };

    private ContactAttempted Attempt(Guid account, Guid client, Guid attemptId, DateTimeOffset at, string outcome, string agent) => new()
    {
        TenantId = TenantId, OccurredAt = at, AttemptId = attemptId, AccountId = account, ClientId = client, Channel = "Call", Outcome = outcome, AttemptedAt = at, RecordedBy = agent,
    };

    private ContactAttempted Sms(Guid account, Guid client, DateTimeOffset at) => new()
    {
        TenantId = TenantId, OccurredAt = at, AttemptId = Guid.NewGuid(), AccountId = account, ClientId = client, Channel = "Sms", Outcome = "Sent", AttemptedAt = at, RecordedBy = "sms-adapter",
    };

    private PromiseToPayMade Promise(Guid account, Guid client, Guid promise, decimal amount, DateTimeOffset at, DateOnly due, string agent) => new()
    {
        TenantId = TenantId, OccurredAt = at, PromiseId = promise, AccountId = account, ClientId = client, Amount = amount, Currency = "USD", DueDate = due, PaymentChannel = "card", RecordedBy = agent,
    };
}
