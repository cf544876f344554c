using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>What kind of change an account history entry records.</summary>
public enum AccountChange
{
    StatusChanged,
    HoldPlaced,
    HoldReleased,
    BalanceChanged,

    /// <summary>Something was asked of the account and not done (e.g. a payment in another currency).</summary>
    Refused,

    /// <summary>The segment or propensity-to-pay score changed ("{segment} ({score})").</summary>
    Segmented,
}

/// <summary>One change to an account: who made it (a caller or an event), when, what changed and why.</summary>
public sealed class AccountHistoryEntry : ITenantOwned
{
    private AccountHistoryEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>"staff:{subject}", "client:{subject}", or "event:{type}:{event id}".</summary>
    public string Who { get; private set; } = "";

    public AccountChange Change { get; private set; }

    /// <summary>The state before, e.g. the old status, the released hold, the old balances.</summary>
    public string? From { get; private set; }

    /// <summary>The state after, e.g. the new status, the placed hold, the new balances.</summary>
    public string? To { get; private set; }

    /// <summary>Why: the reason or cause, e.g. "payment:{id}", "dispute:{id}", a client's recall reason.</summary>
    public string Why { get; private set; } = "";

    internal static AccountHistoryEntry For(Account account, AccountChange change, string? from, string? to, ChangeContext context) => new()
    {
        Id = Guid.CreateVersion7(context.At),
        TenantId = account.TenantId,
        AccountId = account.Id,
        At = context.At,
        Who = context.Who,
        Change = change,
        From = from,
        To = to,
        Why = context.Why,
    };
}

/// <summary>Who changes an account, when and why: every domain change carries one.</summary>
public sealed record ChangeContext(string Who, DateTimeOffset At, string Why);
