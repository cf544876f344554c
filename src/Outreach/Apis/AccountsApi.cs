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

    /// <summary>One account of the caller's tenant as outreach knows it; 404 until the placement reached outreach.</summary>
    public static async Task<Results<Ok<ContactableAccount>, NotFound>> GetAccount(Guid accountId, OutreachDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
