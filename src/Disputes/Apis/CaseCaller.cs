using Collections.BuildingBlocks.Security;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Collections.Disputes.Apis;

/// <summary>What the dispute and request endpoints share about the caller and the account they act on.</summary>
internal static class CaseCaller
{
    /// <summary>Staff roles of supervisor rank and above.</summary>
    public static readonly string[] SupervisorsAndAbove = [Roles.Supervisor, Roles.ComplianceOfficer, Roles.Admin];

    /// <summary>Every staff role.</summary>
    public static readonly string[] AnyStaff = [.. Roles.Staff];

    /// <summary>The caller as the case history records them.</summary>
    public static Actor AsActor(this Caller caller) => new(caller.Subject, caller.Actor);

    /// <summary>The account, when the caller may see it; null (so 404) otherwise.</summary>
    public static Task<DisputableAccount?> AccountVisibleToAsync(this DisputesDbContext db, Guid accountId, Caller caller, CancellationToken cancellationToken) =>
        db.Accounts.VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);

    /// <summary>Trims <paramref name="value"/> and checks its length; null when blank.</summary>
    public static string? Optional(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors[field] = [$"At most {maxLength} characters."];
        }

        return trimmed;
    }
}
