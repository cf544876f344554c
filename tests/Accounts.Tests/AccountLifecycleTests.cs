using Collections.Accounts.Domain;
using Microsoft.Extensions.Hosting;

namespace Collections.Accounts.Tests;

public sealed class AccountLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly ChangeContext ByTest = new("staff:test", Now, "test");

    internal static Account NewAccount(decimal principal = 100m, decimal interest = 10m, decimal fees = 5m, string jurisdiction = "MA")
    {
        var consumer = Consumer.Register(Guid.NewGuid(), new StatedConsumer("Ann", "Lee", null, null), Now);
        var details = new PlacementDetails(Guid.NewGuid(), "REF-1", "Acme Bank", null, new StatedConsumer("Ann", "Lee", null, null), jurisdiction, "USD", principal, interest, fees);
        return Account.Place(consumer.TenantId, details, consumer, Now);
    }

    [Theory]
    [InlineData(AccountStatus.Placed, AccountStatus.Active)]
    [InlineData(AccountStatus.Active, AccountStatus.PaidInFull)]
    [InlineData(AccountStatus.Active, AccountStatus.Recalled)]
    [InlineData(AccountStatus.Active, AccountStatus.ClosedAfterDispute)]
    [InlineData(AccountStatus.PaidInFull, AccountStatus.Active)]
    public void Allowed_transitions_are_allowed(AccountStatus from, AccountStatus to) => Assert.True(AccountLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(AccountStatus.Recalled, AccountStatus.Active)]
    [InlineData(AccountStatus.ReturnedUncollectible, AccountStatus.PaidInFull)]
    [InlineData(AccountStatus.ClosedAfterDispute, AccountStatus.Recalled)]
    [InlineData(AccountStatus.SettledInFull, AccountStatus.Active)]
    [InlineData(AccountStatus.Active, AccountStatus.Placed)]
    [InlineData(AccountStatus.Active, AccountStatus.Active)]
    public void Transitions_outside_the_table_are_refused(AccountStatus from, AccountStatus to) => Assert.False(AccountLifecycle.CanMove(from, to));

    [Fact]
    public void An_illegal_move_throws_a_conflict_and_leaves_the_status()
    {
        var account = NewAccount();
        account.Recall(Guid.NewGuid(), ByTest);

        var refused = Assert.Throws<IllegalStatusTransitionException>(() => account.Activate(ByTest));

        Assert.Equal(RuleViolationKind.Conflict, refused.Kind);
        Assert.Equal(AccountStatus.Recalled, account.Status);
    }

    [Fact]
    public void An_event_driven_move_the_lifecycle_forbids_is_recorded_as_refused_not_thrown()
    {
        var account = NewAccount();
        account.Recall(Guid.NewGuid(), ByTest);

        Assert.False(account.MoveIfAllowed(AccountStatus.SettledInFull, ByTest));

        Assert.Equal(AccountStatus.Recalled, account.Status);
        Assert.Equal(AccountChange.Refused, account.History[^1].Change);
    }

    [Fact]
    public void The_default_payment_order_is_fees_then_interest_then_principal()
    {
        var allocation = Allocation.Of(12m, fees: 5m, interest: 10m, principal: 100m, PaymentApplicationOrder.Default);

        Assert.Equal(new Allocation(5m, 7m, 0m, 0m), allocation);
    }

    [Fact]
    public void A_client_order_of_principal_first_pays_principal_first()
    {
        var order = PaymentApplicationOrder.Parse(["principal", "interest", "fees"])!;

        var allocation = Allocation.Of(104m, fees: 5m, interest: 10m, principal: 100m, order);

        Assert.Equal(new Allocation(0m, 4m, 100m, 0m), allocation);
    }

    [Theory]
    [InlineData("fees", "interest")]
    [InlineData("fees", "fees", "principal")]
    [InlineData("fees", "interest", "penalties")]
    public void An_order_that_does_not_name_each_part_once_is_not_an_order(params string[] names) =>
        Assert.Null(PaymentApplicationOrder.Parse(names));

    [Fact]
    public void Paying_the_whole_balance_makes_the_account_paid_in_full_and_the_excess_credit()
    {
        var account = NewAccount();

        account.ApplyPayment(Guid.NewGuid(), 120m, "USD", PaymentApplicationOrder.Default, false, ByTest);

        Assert.Equal((0m, 5m, AccountStatus.PaidInFull), (account.Balance, account.Credit, account.Status));
    }

    [Fact]
    public void A_partial_payment_makes_a_placed_account_active()
    {
        var account = NewAccount();

        account.ApplyPayment(Guid.NewGuid(), 10m, "USD", PaymentApplicationOrder.Default, false, ByTest);

        Assert.Equal((105m, AccountStatus.Active), (account.Balance, account.Status));
    }

    [Fact]
    public void A_second_partial_payment_keeps_an_active_account_active_and_reduces_the_balance()
    {
        var account = NewAccount();
        account.ApplyPayment(Guid.NewGuid(), 10m, "USD", PaymentApplicationOrder.Default, false, ByTest);
        var changesBefore = account.History.Count(h => h.Change == AccountChange.StatusChanged);

        var posting = account.ApplyPayment(Guid.NewGuid(), 15m, "USD", PaymentApplicationOrder.Default, false, ByTest);

        Assert.True(posting.Applied);
        Assert.Equal((90m, AccountStatus.Active), (account.Balance, account.Status));
        Assert.Equal(changesBefore, account.History.Count(h => h.Change == AccountChange.StatusChanged));
    }

    [Fact]
    public void Partial_payments_that_add_up_to_the_balance_make_the_account_paid_in_full()
    {
        var account = NewAccount();

        account.ApplyPayment(Guid.NewGuid(), 15m, "USD", PaymentApplicationOrder.Default, false, ByTest);
        account.ApplyPayment(Guid.NewGuid(), 50m, "USD", PaymentApplicationOrder.Default, false, ByTest);
        account.ApplyPayment(Guid.NewGuid(), 50m, "USD", PaymentApplicationOrder.Default, false, ByTest);

        Assert.Equal((0m, AccountStatus.PaidInFull), (account.Balance, account.Status));
    }

    [Fact]
    public void A_payment_in_another_currency_is_not_applied()
    {
        var account = NewAccount();

        var posting = account.ApplyPayment(Guid.NewGuid(), 10m, "EUR", PaymentApplicationOrder.Default, false, ByTest);

        Assert.False(posting.Applied);
        Assert.Equal(115m, account.Balance);
        Assert.Equal(AccountChange.Refused, account.History[^1].Change);
    }

    [Fact]
    public void Reversing_the_payment_that_paid_in_full_restores_each_part_and_reactivates()
    {
        var account = NewAccount();
        var posting = account.ApplyPayment(Guid.NewGuid(), 120m, "USD", PaymentApplicationOrder.Default, false, ByTest);

        account.ReversePayment(posting, ByTest);

        Assert.Equal((100m, 10m, 5m, 0m, AccountStatus.Active), (account.Principal, account.Interest, account.Fees, account.Credit, account.Status));
    }

    [Fact]
    public void A_reversal_is_applied_once()
    {
        var account = NewAccount();
        var posting = account.ApplyPayment(Guid.NewGuid(), 20m, "USD", PaymentApplicationOrder.Default, false, ByTest);
        account.ReversePayment(posting, ByTest);

        Assert.False(account.ReversePayment(posting, ByTest));
        Assert.Equal(115m, account.Balance);
    }

    [Fact]
    public void A_waiver_larger_than_the_part_is_refused()
    {
        var account = NewAccount();

        Assert.Throws<AdjustmentRefusedException>(() => account.Adjust(Guid.NewGuid(), AdjustmentKinds.FeeWaiver, 6m, "goodwill", PaymentApplicationOrder.Default, ByTest));
    }

    [Fact]
    public void Holds_of_one_kind_from_two_causes_stay_until_both_are_released()
    {
        var account = NewAccount();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        account.PlaceHold(HoldKinds.Dispute, first, ByTest);
        account.PlaceHold(HoldKinds.Dispute, second, ByTest);

        account.ReleaseHold(HoldKinds.Dispute, first, ByTest);

        Assert.Equal([HoldKinds.Dispute], account.HoldKinds);
    }
}
