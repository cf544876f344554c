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

    /// <summary>One account of the caller's tenant as payments knows it; 404 until the placement reached payments.</summary>
    public static async Task<Results<Ok<PayableAccount>, NotFound>> GetAccount(Guid accountId, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
