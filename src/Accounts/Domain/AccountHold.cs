namespace Collections.Accounts.Domain;

/// <summary>The kinds of hold that block collection contact on an account.</summary>
public static class HoldKinds
{
    public const string Dispute = "dispute";
    public const string CeaseCommunication = "cease-communication";
    public const string AttorneyRepresentation = "attorney-representation";
    public const string Bankruptcy = "bankruptcy";
    public const string Deceased = "deceased";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Dispute, CeaseCommunication, AttorneyRepresentation, Bankruptcy, Deceased,
    };
}

/// <summary>
/// One hold on an account, placed because of one dispute or consumer request (<see cref="Cause"/>).
/// Two open disputes are two holds of the same kind: resolving one leaves the account held.
/// </summary>
public sealed class AccountHold
{
    private AccountHold()
    {
    }

    public Guid AccountId { get; private set; }

    public string Kind { get; private set; } = "";

    /// <summary>The dispute or consumer request that placed it.</summary>
    public Guid Cause { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    internal static AccountHold Place(Guid accountId, string kind, Guid cause, DateTimeOffset at) =>
        new() { AccountId = accountId, Kind = kind, Cause = cause, PlacedAt = at };
}
