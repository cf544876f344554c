using Collections.BuildingBlocks.Security;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Disputes.Apis;

/// <summary>Disputes's view of the accounts it knows.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/disputes/accounts").WithTags("Accounts")
            .MapGet("/{accountId:guid}", GetAccount)
            .WithSummary("Get disputes's copy of an account");
        return app;
    }

    /// <summary>
    /// One account as disputes knows it, if the caller may see it (staff any of the tenant's, a client its own,
    /// a consumer theirs); 404 otherwise, and until the placement reached disputes.
    /// </summary>
    public static async Task<Results<Ok<DisputableAccount>, NotFound>> GetAccount(Guid accountId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
