using Collections.BuildingBlocks.Security;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Payments.Apis;

/// <summary>Payments's view of the accounts it knows.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/v1/payments/accounts").WithTags("Accounts")
            .MapGet("/{accountId:guid}", GetAccount)
            .WithSummary("Get payments's copy of an account");
        return app;
    }

    /// <summary>
    /// One account as payments knows it, if the caller may see it (staff any of the tenant's, a client its own,
    /// a consumer theirs); 404 otherwise, and until the placement reached payments.
    /// </summary>
    public static async Task<Results<Ok<PayableAccount>, NotFound>> GetAccount(Guid accountId, Caller caller, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
