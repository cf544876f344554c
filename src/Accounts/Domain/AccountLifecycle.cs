namespace Collections.Accounts.Domain;

/// <summary>
/// The status moves an account may make. Anything not listed is refused with an
/// <see cref="IllegalStatusTransitionException"/>: a status never changes silently.
/// </summary>
public static class AccountLifecycle
{
    private static readonly Dictionary<AccountStatus, AccountStatus[]> Allowed = new()
    {
        [AccountStatus.Placed] =
        [
            AccountStatus.InValidationPeriod, AccountStatus.Active, AccountStatus.PaidInFull, AccountStatus.SettledInFull,
            AccountStatus.Recalled, AccountStatus.ReturnedUncollectible, AccountStatus.ClosedAfterDispute,
        ],
        [AccountStatus.InValidationPeriod] =
        [
            AccountStatus.Active, AccountStatus.PaidInFull, AccountStatus.SettledInFull,
            AccountStatus.Recalled, AccountStatus.ReturnedUncollectible, AccountStatus.ClosedAfterDispute,
        ],
        [AccountStatus.Active] =
        [
            AccountStatus.PaidInFull, AccountStatus.SettledInFull,
            AccountStatus.Recalled, AccountStatus.ReturnedUncollectible, AccountStatus.ClosedAfterDispute,
        ],

        // Only a reversed payment reopens a paid account; a settlement can be closed by its fulfilment
        // after the last payment already zeroed the balance.
        [AccountStatus.PaidInFull] = [AccountStatus.Active, AccountStatus.SettledInFull, AccountStatus.ClosedAfterDispute],
        [AccountStatus.SettledInFull] = [AccountStatus.ClosedAfterDispute],

        // The account is no longer the tenant's to collect.
        [AccountStatus.Recalled] = [],
        [AccountStatus.ReturnedUncollectible] = [],
        [AccountStatus.ClosedAfterDispute] = [],
    };

    public static bool CanMove(AccountStatus from, AccountStatus to) => Allowed[from].Contains(to);

    /// <summary>Whether the account is still the tenant's to collect (payments may make it paid in full).</summary>
    public static bool IsOpen(AccountStatus status) =>
        status is AccountStatus.Placed or AccountStatus.InValidationPeriod or AccountStatus.Active;
}

/// <summary>A status change the lifecycle does not allow; the API answers 409.</summary>
public sealed class IllegalStatusTransitionException(AccountStatus from, AccountStatus to) : BusinessRuleException(
    RuleViolationKind.Conflict,
    "illegal-status-transition",
    "Status change not allowed",
    $"An account that is {from} cannot become {to}.")
{
    public AccountStatus From { get; } = from;

    public AccountStatus To { get; } = to;
}
