using System.Text.Json;
using Collections.Contracts.Events;
using Collections.Reporting.Domain;
using Microsoft.EntityFrameworkCore;

namespace Collections.Reporting.Infrastructure;

/// <summary>
/// Writes integration events into the read model: first into the append-only event log, then into the account and
/// fact tables. Runs inside the inbox's transaction. Idempotent by natural key (a repeat of a payment id, attempt id,
/// promise id… under any message id is neither logged nor counted again) and order-tolerant (facts are keyed by
/// account and pick up the account's dimensions whenever those arrive; each account dimension keeps the newest value
/// by occurrence time).
/// </summary>
public sealed class ReadModelProjector(ReportingDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The events Reporting projects, by the name the event log stores.</summary>
    public static readonly IReadOnlyDictionary<string, Type> EventTypes = new[]
    {
        typeof(AccountPlaced), typeof(AccountSegmented), typeof(StrategyAssigned), typeof(AccountBalanceChanged),
        typeof(AccountStatusChanged), typeof(AccountHoldChanged), typeof(AccountRecalled), typeof(ContactAttempted),
        typeof(RightPartyContacted), typeof(PromiseToPayMade), typeof(PromiseToPayKept), typeof(PromiseToPayBroken),
        typeof(PaymentPosted), typeof(PaymentReversed), typeof(PaymentPlanCreated), typeof(SettlementAgreed),
        typeof(SettlementFulfilled), typeof(DisputeOpened), typeof(DisputeResolved), typeof(ComplaintOpened),
        typeof(ComplaintResolved), typeof(RemittanceStatementIssued),
    }.ToDictionary(t => t.Name);

    private static readonly string[] ClosedStatuses = ["PaidInFull", "SettledInFull", "Recalled", "ReturnedUncollectible", "ClosedAfterDispute"];

    /// <summary>Logs <paramref name="evt"/> and projects it, unless the same event (by id or natural key) was seen before.</summary>
    public async Task RecordAndProjectAsync(IntegrationEvent evt, CancellationToken cancellationToken)
    {
        var type = evt.GetType();
        var tenantId = evt.TenantId;
        var key = NaturalKey(evt);
        await LockAsync(evt, cancellationToken);
        var payload = JsonSerializer.Serialize(evt, type, Json);
        var logged = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO event_log (tenant_id, event_id, event_type, natural_key, occurred_at, recorded_at, payload)
            VALUES ({tenantId}, {evt.EventId}, {type.Name}, {key}, {evt.OccurredAt.ToUniversalTime()}, {clock.GetUtcNow()}, {payload}::jsonb)
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (logged == 0)
        {
            return;
        }

        await ProjectAsync(evt, cancellationToken);
    }

    /// <summary>Reads a logged event back into its contract type.</summary>
    public static IntegrationEvent Deserialize(string eventType, string payload) =>
        (IntegrationEvent)(JsonSerializer.Deserialize(payload, EventTypes[eventType], Json)
            ?? throw new InvalidOperationException($"Logged {eventType} has an empty payload."));

    /// <summary>
    /// Serialises projections of one account (so a fact and its account's fix-up never miss each other) and lets a
    /// rebuild of the tenant exclude them all.
    /// </summary>
    public async Task LockAsync(IntegrationEvent evt, CancellationToken cancellationToken)
    {
        var accountKey = (AccountOf(evt) ?? evt.TenantId).ToString();
        var tenantKey = evt.TenantId.ToString();
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock_shared(hashtextextended({tenantKey}, 1)), pg_advisory_xact_lock(hashtextextended({accountKey}, 0))",
            cancellationToken);
    }

    /// <summary>Applies one event to the account, fact and statement tables (no logging, no dedupe by message).</summary>
    public Task ProjectAsync(IntegrationEvent evt, CancellationToken cancellationToken) => evt switch
    {
        AccountPlaced e => PlaceAsync(e, cancellationToken),
        AccountSegmented e => SegmentAsync(e, cancellationToken),
        StrategyAssigned e => AssignStrategyAsync(e, cancellationToken),
        AccountBalanceChanged e => Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, balance, balance_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {e.Balance}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, balance_at = excluded.balance_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.balance_at IS NULL OR report_accounts.balance_at <= excluded.balance_at)
            """, cancellationToken),
        AccountStatusChanged e => Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, status, status_at, closed_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {e.To}, {Utc(e.OccurredAt)}, {(ClosedStatuses.Contains(e.To) ? Utc(e.OccurredAt) : null)}::timestamptz, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, closed_at = excluded.closed_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.status_at IS NULL OR report_accounts.status_at <= excluded.status_at)
            """, cancellationToken),
        AccountHoldChanged e => Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, holds, holds_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {string.Join(',', e.Holds)}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET holds = excluded.holds, holds_at = excluded.holds_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.holds_at IS NULL OR report_accounts.holds_at <= excluded.holds_at)
            """, cancellationToken),
        AccountRecalled e => Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, recalled_at, closed_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {Utc(e.OccurredAt)}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET recalled_at = excluded.recalled_at, closed_at = COALESCE(report_accounts.closed_at, excluded.closed_at), projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id
            """, cancellationToken),
        ContactAttempted e => FactAsync(e, FactKinds.Attempt, e.AttemptId, e.AccountId, e.ClientId, e.AttemptedAt, cancellationToken,
            agent: e.RecordedBy, channel: e.Channel, connected: e.Channel == "Call" && IsConnected(e.Outcome)),
        RightPartyContacted e => FactAsync(e, FactKinds.RightPartyContact, e.AttemptId, e.AccountId, e.ClientId, e.ContactedAt, cancellationToken,
            agent: e.AgentId, channel: e.Channel),
        PromiseToPayMade e => FactAsync(e, FactKinds.Promise, e.PromiseId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            agent: e.RecordedBy, amount: e.Amount, currency: e.Currency, due: e.DueDate),
        PromiseToPayKept e => FactAsync(e, FactKinds.PromiseKept, e.PromiseId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            amount: e.AmountPaid, currency: e.Currency),
        PromiseToPayBroken e => FactAsync(e, FactKinds.PromiseBroken, e.PromiseId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            amount: e.AmountPaid, currency: e.Currency, due: e.DueDate),
        PaymentPosted e => FactAsync(e, FactKinds.Payment, e.PaymentId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            agent: e.RecordedBy, amount: e.Amount, currency: e.Currency, channel: e.Method),
        PaymentReversed e => FactAsync(e, FactKinds.Reversal, e.PaymentId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            amount: e.Amount, currency: e.Currency),
        PaymentPlanCreated e => FactAsync(e, FactKinds.PaymentPlan, e.PaymentPlanId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            agent: e.CreatedBy, amount: e.Total, currency: e.Currency),
        SettlementAgreed e => FactAsync(e, FactKinds.Settlement, e.SettlementId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            amount: e.Amount, currency: e.Currency),
        SettlementFulfilled e => FactAsync(e, FactKinds.SettlementFulfilled, e.SettlementId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken,
            amount: e.SettledAmount, currency: e.Currency),
        DisputeOpened e => FactAsync(e, FactKinds.Dispute, e.DisputeId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken, channel: e.Channel),
        DisputeResolved e => FactAsync(e, FactKinds.DisputeResolved, e.DisputeId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken),
        ComplaintOpened e => FactAsync(e, FactKinds.Complaint, e.ComplaintId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken, agent: e.AgentId),
        ComplaintResolved e => FactAsync(e, FactKinds.ComplaintResolved, e.ComplaintId, e.AccountId, e.ClientId, e.OccurredAt, cancellationToken),
        RemittanceStatementIssued e => Exec($"""
            INSERT INTO remittance_statements (statement_id, tenant_id, client_id, period_start, period_end, collected, reversed, fees, net_due, currency, issued_at)
            VALUES ({e.StatementId}, {e.TenantId}, {e.ClientId}, {e.PeriodStart}, {e.PeriodEnd}, {e.Collected}, {e.Reversed}, {e.Fees}, {e.NetDue}, {e.Currency}, {Utc(e.OccurredAt)})
            ON CONFLICT DO NOTHING
            """, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task PlaceAsync(AccountPlaced e, CancellationToken cancellationToken)
    {
        await Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, client_reference, placement_id, placed_at, placed_balance, currency, delinquency_date, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {e.ConsumerId}, {e.ClientReference}, {e.PlacementId}::uuid, {Utc(e.OccurredAt)}, {e.PlacedBalance}, {e.Currency}, {e.DelinquencyDate}::date, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET client_id = excluded.client_id, consumer_id = excluded.consumer_id, client_reference = excluded.client_reference,
                placement_id = excluded.placement_id, placed_at = excluded.placed_at, placed_balance = excluded.placed_balance, currency = excluded.currency,
                delinquency_date = excluded.delinquency_date, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id
            """, cancellationToken);
        await FixUpFactsAsync(e.TenantId, e.AccountId, cancellationToken);
    }

    private async Task SegmentAsync(AccountSegmented e, CancellationToken cancellationToken)
    {
        await Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, segment, segment_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {e.Segment}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET segment = excluded.segment, segment_at = excluded.segment_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.segment_at IS NULL OR report_accounts.segment_at <= excluded.segment_at)
            """, cancellationToken);
        await FixUpFactsAsync(e.TenantId, e.AccountId, cancellationToken);
    }

    private async Task AssignStrategyAsync(StrategyAssigned e, CancellationToken cancellationToken)
    {
        await Exec($"""
            INSERT INTO report_accounts (account_id, tenant_id, client_id, consumer_id, strategy_id, strategy_name, arm, strategy_at, projected_at)
            VALUES ({e.AccountId}, {e.TenantId}, {e.ClientId}, {Guid.Empty}, {e.StrategyId}, {e.StrategyName}, {e.Arm}, {Utc(e.OccurredAt)}, {clock.GetUtcNow()})
            ON CONFLICT (account_id) DO UPDATE SET strategy_id = excluded.strategy_id, strategy_name = excluded.strategy_name, arm = excluded.arm,
                strategy_at = excluded.strategy_at, projected_at = excluded.projected_at
            WHERE report_accounts.tenant_id = excluded.tenant_id AND (report_accounts.strategy_at IS NULL OR report_accounts.strategy_at <= excluded.strategy_at)
            """, cancellationToken);
        await FixUpFactsAsync(e.TenantId, e.AccountId, cancellationToken);
    }

    /// <summary>Copies the account's current dimensions onto every fact about it, including those that arrived first.</summary>
    private Task FixUpFactsAsync(Guid tenantId, Guid accountId, CancellationToken cancellationToken) => Exec($"""
        UPDATE report_facts f SET account_known = a.placed_at IS NOT NULL, placed_at = a.placed_at, placement_id = a.placement_id,
            segment = a.segment, strategy_id = a.strategy_id, arm = a.arm
        FROM report_accounts a
        WHERE a.account_id = {accountId} AND a.tenant_id = {tenantId} AND f.account_id = a.account_id AND f.tenant_id = a.tenant_id
        """, cancellationToken);

    private Task FactAsync(IntegrationEvent e, string kind, Guid key, Guid? accountId, Guid? clientId, DateTimeOffset occurredAt, CancellationToken cancellationToken,
        string? agent = null, decimal? amount = null, string? currency = null, string? channel = null, bool connected = false, DateOnly? due = null) => Exec($"""
        INSERT INTO report_facts (tenant_id, kind, key, account_id, client_id, occurred_at, agent, amount, currency, channel, connected, due_date,
            account_known, placed_at, placement_id, segment, strategy_id, arm)
        SELECT {e.TenantId}, {kind}, {key.ToString()}, {accountId}::uuid, {clientId}::uuid, {Utc(occurredAt)}, {agent}::text, {amount}::numeric, {currency}::text,
            {channel}::text, {connected}, {due}::date, a.placed_at IS NOT NULL, a.placed_at, a.placement_id, a.segment, a.strategy_id, a.arm
        FROM (SELECT 1) AS one LEFT JOIN report_accounts a ON a.account_id = {accountId}::uuid AND a.tenant_id = {e.TenantId}
        ON CONFLICT DO NOTHING
        """, cancellationToken);

    private Task<int> Exec(FormattableString sql, CancellationToken cancellationToken) => db.Database.ExecuteSqlAsync(sql, cancellationToken);

    private static DateTimeOffset Utc(DateTimeOffset instant) => instant.ToUniversalTime();

    /// <summary>A person answered the call (anything but no connection, no answer or a voicemail).</summary>
    private static bool IsConnected(string outcome) => outcome is not ("NotConnected" or "NoAnswer" or "Voicemail" or "Sent");

    private static Guid? AccountOf(IntegrationEvent evt) => evt switch
    {
        AccountPlaced e => e.AccountId,
        AccountSegmented e => e.AccountId,
        StrategyAssigned e => e.AccountId,
        AccountBalanceChanged e => e.AccountId,
        AccountStatusChanged e => e.AccountId,
        AccountHoldChanged e => e.AccountId,
        AccountRecalled e => e.AccountId,
        ContactAttempted e => e.AccountId,
        RightPartyContacted e => e.AccountId,
        PromiseToPayMade e => e.AccountId,
        PromiseToPayKept e => e.AccountId,
        PromiseToPayBroken e => e.AccountId,
        PaymentPosted e => e.AccountId,
        PaymentReversed e => e.AccountId,
        PaymentPlanCreated e => e.AccountId,
        SettlementAgreed e => e.AccountId,
        SettlementFulfilled e => e.AccountId,
        DisputeOpened e => e.AccountId,
        DisputeResolved e => e.AccountId,
        ComplaintOpened e => e.AccountId,
        ComplaintResolved e => e.AccountId,
        _ => null,
    };

    /// <summary>What makes the event unique in the business, so a repeat under a new message id is recognised.</summary>
    private static string NaturalKey(IntegrationEvent evt) => (evt switch
    {
        AccountPlaced e => e.AccountId,
        AccountRecalled e => e.AccountId,
        ContactAttempted e => e.AttemptId,
        RightPartyContacted e => e.AttemptId,
        PromiseToPayMade e => e.PromiseId,
        PromiseToPayKept e => e.PromiseId,
        PromiseToPayBroken e => e.PromiseId,
        PaymentPosted e => e.PaymentId,
        PaymentReversed e => e.PaymentId,
        PaymentPlanCreated e => e.PaymentPlanId,
        SettlementAgreed e => e.SettlementId,
        SettlementFulfilled e => e.SettlementId,
        DisputeOpened e => e.DisputeId,
        DisputeResolved e => e.DisputeId,
        ComplaintOpened e => e.ComplaintId,
        ComplaintResolved e => e.ComplaintId,
        RemittanceStatementIssued e => e.StatementId,
        _ => evt.EventId,
    }).ToString();
}
