using System.Net.Http.Json;
using Collections.Accounts.Apis;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

/// <summary>Events other services publish on the real broker, and what they do to the account.</summary>
public sealed class AccountEventsTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dispute_that_holds_collection_places_a_dispute_hold_that_its_resolution_releases()
    {
        var account = await Placed("DISPUTE-1");
        var disputeId = Guid.NewGuid();

        await service.PublishAsync(new DisputeOpened
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            DisputeId = disputeId,
            AccountId = account.Id,
            ClientId = clientId,
            Reason = "not-mine",
            Channel = "portal",
            WithinValidationPeriod = true,
            HoldsCollection = true,
        });
        await AccountWhen(account, a => a.Holds.SequenceEqual(["dispute"]), "the dispute hold");
        await service.PublishAsync(new DisputeResolved
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            DisputeId = disputeId,
            AccountId = account.Id,
            ClientId = clientId,
            Outcome = "verified",
        });

        await AccountWhen(account, a => a.Holds.Count == 0, "the dispute hold released");
        var changes = await Queued<AccountHoldChanged>(account.Id);
        Assert.Equal([true, false], changes.Select(c => c.Placed));
    }

    [Fact]
    public async Task A_dispute_that_does_not_hold_collection_places_no_hold()
    {
        var account = await Placed("DISPUTE-2");
        var messageId = Guid.NewGuid();

        await service.PublishAsync(Dispute(account, holdsCollection: false), messageId);

        await Eventually.Until(() => Processed(messageId), count => count == 1, Within, "the dispute processed");
        var read = await Key().GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel);
        Assert.Empty(read!.Holds);
    }

    [Fact]
    public async Task A_cease_communication_request_places_a_hold_until_it_is_reversed()
    {
        var account = await Placed("CEASE-1");
        var requestId = Guid.NewGuid();

        await service.PublishAsync(new ConsumerRequestRecorded
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            RequestId = requestId,
            AccountId = account.Id,
            ClientId = clientId,
            Kind = "cease-communication",
        });
        await AccountWhen(account, a => a.Holds.SequenceEqual(["cease-communication"]), "the cease-communication hold");
        await service.PublishAsync(new ConsumerRequestReversed
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            RequestId = requestId,
            AccountId = account.Id,
            ClientId = clientId,
            Kind = "cease-communication",
            Reason = "recorded on the wrong account",
        });

        await AccountWhen(account, a => a.Holds.Count == 0, "the cease-communication hold released");
    }

    [Fact]
    public async Task A_payment_is_applied_to_fees_then_interest_then_principal_by_default()
    {
        var account = await Placed("PAY-DEFAULT");

        await service.PublishAsync(Payment(account, Guid.NewGuid(), 10m));

        var paid = await AccountWhen(account, a => a.Balance == 96.75m, "the payment applied");
        Assert.Equal((0m, 0m, 96.75m, "Active"), (paid.Fees, paid.Interest, paid.Principal, paid.Status));
    }

    [Fact]
    public async Task A_payment_is_applied_in_the_order_the_client_set()
    {
        var account = await Placed("PAY-ORDER");
        await service.PublishAsync(new ClientSettingsChanged
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            ClientId = clientId,
            ClientName = "Acme Bank",
            ContingencyFeePercent = 25m,
            AgentSettlementDiscountPercent = 10m,
            SupervisorSettlementDiscountPercent = 30m,
            PaymentApplicationOrder = ["principal", "interest", "fees"],
        });
        await Eventually.Until(ClientOrder, order => order == "principal,interest,fees", Within, "the client's payment order");

        await service.PublishAsync(Payment(account, Guid.NewGuid(), 10m));

        var paid = await AccountWhen(account, a => a.Balance == 96.75m, "the payment applied");
        Assert.Equal((1.25m, 5m, 90.50m), (paid.Fees, paid.Interest, paid.Principal));
    }

    [Fact]
    public async Task Several_partial_payments_at_once_are_each_applied_to_the_balance()
    {
        var account = await Placed("PAY-SEVERAL");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => service.PublishAsync(Payment(account, Guid.NewGuid(), 10m))));

        var paid = await AccountWhen(account, a => a.Balance == 56.75m, "five payments applied");
        Assert.Equal("Active", paid.Status);
    }

    [Fact]
    public async Task A_payment_published_twice_is_applied_once()
    {
        var account = await Placed("PAY-TWICE");
        var payment = Payment(account, Guid.NewGuid(), 10m);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await service.PublishAsync(payment, first);
        await service.PublishAsync(payment with { EventId = Guid.NewGuid() }, second);

        await Eventually.Until(() => Processed(first, second), count => count == 2, Within, "both messages processed");
        var read = await Key().GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel);
        Assert.Equal(96.75m, read!.Balance);
    }

    [Fact]
    public async Task Paying_more_than_the_balance_makes_the_account_paid_in_full_with_the_excess_as_credit()
    {
        var account = await Placed("PAY-FULL");

        await service.PublishAsync(Payment(account, Guid.NewGuid(), 110m));

        var paid = await AccountWhen(account, a => a.Status == "PaidInFull", "paid in full");
        Assert.Equal((0m, 3.25m), (paid.Balance, paid.Credit));
        var statusChanges = await Queued<AccountStatusChanged>(account.Id);
        Assert.Equal(("Placed", "PaidInFull"), (statusChanges[^1].From, statusChanges[^1].To));
    }

    [Fact]
    public async Task Reversing_the_payment_that_paid_in_full_restores_each_part_and_reactivates_the_account()
    {
        var account = await Placed("PAY-REVERSE");
        var paymentId = Guid.NewGuid();
        await service.PublishAsync(Payment(account, paymentId, 106.75m));
        await AccountWhen(account, a => a.Status == "PaidInFull", "paid in full");

        await service.PublishAsync(new PaymentReversed
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            PaymentId = paymentId,
            AccountId = account.Id,
            ClientId = clientId,
            Amount = 106.75m,
            Currency = "USD",
            Reason = "ach-return:R01",
        });

        var reversed = await AccountWhen(account, a => a.Status == "Active", "reactivated");
        Assert.Equal((1.25m, 5m, 100.50m), (reversed.Fees, reversed.Interest, reversed.Principal));
    }

    [Fact]
    public async Task A_payment_in_another_currency_is_not_applied_and_the_refusal_is_in_the_history()
    {
        var account = await Placed("PAY-EUR");

        await service.PublishAsync(Payment(account, Guid.NewGuid(), 10m) with { Currency = "EUR" });

        var history = await Eventually.Until(
            async () => (await Key().GetFromJsonAsync<IReadOnlyList<AccountHistoryItem>>($"{AccountsPath}/{account.Id}/history", Cancel))!,
            h => h.Any(e => e.Change == "Refused"),
            Within,
            "the refusal recorded");
        Assert.StartsWith("event:PaymentPosted:", history.Single(e => e.Change == "Refused").Who);
        Assert.Equal(106.75m, (await Key().GetFromJsonAsync<AccountResponse>($"{AccountsPath}/{account.Id}", Cancel))!.Balance);
    }

    [Fact]
    public async Task A_fulfilled_settlement_makes_the_account_settled_in_full()
    {
        var account = await Placed("SETTLED-1");

        await service.PublishAsync(new SettlementFulfilled
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            SettlementId = Guid.NewGuid(),
            AccountId = account.Id,
            ClientId = clientId,
            SettledAmount = 80m,
            Currency = "USD",
        });

        await AccountWhen(account, a => a.Status == "SettledInFull", "settled in full");
    }

    [Fact]
    public async Task An_account_closed_after_a_dispute_is_closed_after_dispute()
    {
        var account = await Placed("CLOSED-1");

        await service.PublishAsync(new AccountClosedAfterDispute
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            DisputeId = Guid.NewGuid(),
            AccountId = account.Id,
            ClientId = clientId,
            Reason = "identity-theft",
        });

        await AccountWhen(account, a => a.Status == "ClosedAfterDispute", "closed after dispute");
    }

    [Fact]
    public async Task A_correction_replaces_the_balances()
    {
        var account = await Placed("CORRECTED-1");

        await service.PublishAsync(new AccountCorrected
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            DisputeId = Guid.NewGuid(),
            AccountId = account.Id,
            ClientId = clientId,
            Principal = 50m,
            Interest = 0m,
            Fees = 0m,
            Currency = "USD",
        });

        await AccountWhen(account, a => a.Balance == 50m, "the corrected balance");
        var changes = await Queued<AccountBalanceChanged>(account.Id);
        Assert.StartsWith("correction:", Assert.Single(changes).Cause);
    }

    private DisputeOpened Dispute(AccountResponse account, bool holdsCollection) => new()
    {
        TenantId = tenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        DisputeId = Guid.NewGuid(),
        AccountId = account.Id,
        ClientId = clientId,
        Reason = "wrong-amount",
        Channel = "mail",
        WithinValidationPeriod = false,
        HoldsCollection = holdsCollection,
    };

    private PaymentPosted Payment(AccountResponse account, Guid paymentId, decimal amount) => new()
    {
        TenantId = tenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        PaymentId = paymentId,
        AccountId = account.Id,
        ClientId = clientId,
        Amount = amount,
        Currency = "USD",
        Method = "card",
    };

    private Task<AccountResponse> Placed(string reference) => PlacedAsync(Key(), Placement(reference));

    private Task<AccountResponse> AccountWhen(AccountResponse account, Func<AccountResponse, bool> done, string what) =>
        service.AccountWhenAsync(TestCallers.Client(tenantId, clientId), account.Id, done, what);

    private HttpClient Key() => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private async Task<string?> ClientOrder()
    {
        await using var scope = TenantScope(out var db);
        return await db.ClientTerms.Where(t => t.ClientId == clientId).Select(t => t.PaymentApplicationOrder).SingleOrDefaultAsync(Cancel);
    }

    private async Task<int> Processed(params Guid[] messageIds)
    {
        await using var scope = TenantScope(out var db);
        return await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId), Cancel);
    }

    private async Task<IReadOnlyList<T>> Queued<T>(Guid accountId)
        where T : IntegrationEvent
    {
        await using var scope = TenantScope(out var db);
        return [.. (await QueuedEvents<T>.OfAsync(db, tenantId, Cancel)).Where(e => AccountOf(e) == accountId)];
    }

    private static Guid AccountOf(IntegrationEvent e) => e switch
    {
        AccountHoldChanged c => c.AccountId,
        AccountStatusChanged c => c.AccountId,
        AccountBalanceChanged c => c.AccountId,
        _ => Guid.Empty,
    };

    private AsyncServiceScope TenantScope(out AccountsDbContext db)
    {
        var scope = service.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        return scope;
    }
}
