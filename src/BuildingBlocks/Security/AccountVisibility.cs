namespace Collections.BuildingBlocks.Security;

/// <summary>Whose an account is: the client business that placed it and the consumer who owes it.</summary>
public interface IAccountParties
{
    /// <summary>The client business that placed the account.</summary>
    Guid ClientId { get; }

    /// <summary>The consumer who owes the debt.</summary>
    Guid ConsumerId { get; }
}

/// <summary>
/// Which accounts of the tenant a caller may see, the same in every service: staff all of them, a
/// client's key only its client's, a consumer's portal session only that consumer's, anyone else
/// none. Applied to the query rather than checked afterwards, so an account out of reach is simply
/// not found: a caller learns nothing about accounts that are not theirs.
/// </summary>
public static class AccountVisibility
{
    /// <summary>Narrows <paramref name="accounts"/> to those <paramref name="caller"/> may see.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> accounts, Caller caller)
        where T : class, IAccountParties
    {
        if (caller.IsStaff)
        {
            return accounts;
        }

        if (caller.IsClient && caller.ClientId is { } clientId)
        {
            return accounts.Where(a => a.ClientId == clientId);
        }

        if (caller.IsConsumer && caller.ConsumerId is { } consumerId)
        {
            return accounts.Where(a => a.ConsumerId == consumerId);
        }

        return accounts.Where(_ => false);
    }
}
