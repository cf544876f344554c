using Collections.BuildingBlocks.Security;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Apis;

/// <summary>Outreach's view of the accounts it knows.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/outreach/accounts").WithTags("Accounts")
            .MapGet("/{accountId:guid}", GetAccount)
            .WithSummary("Get outreach's copy of an account");
        return app;
    }

    /// <summary>
    /// One account as outreach knows it, if the caller may see it (staff any of the tenant's, a client its own,
    /// a consumer theirs); 404 otherwise, and until the placement reached outreach.
    /// </summary>
    public static async Task<Results<Ok<ContactableAccount>, NotFound>> GetAccount(Guid accountId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
