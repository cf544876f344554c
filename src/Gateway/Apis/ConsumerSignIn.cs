using System.Globalization;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Collections.Gateway.Identity;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Apis;

public static partial class AuthApi
{
    static partial void MapConsumerSignIn(RouteGroupBuilder auth) =>
        auth.MapPost("/consumer", SignInConsumer)
            .WithSummary("Consumer portal sign-in")
            .WithDescription($"Exchanges an account reference, date of birth and postal code for a {AccessTokens.ConsumerLifetime.TotalMinutes:0}-minute token scoped to that consumer's accounts. {ConsumerSignInGuard.MaxFailures} failures for one account reference lock it for {ConsumerSignInGuard.LockoutDuration.TotalMinutes:0} minutes.");

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> SignInConsumer(
        ConsumerSignInRequest request,
        GatewayDbContext db,
        TenantContext tenantContext,
        AccountsService.AccountsServiceClient accounts,
        AccessTokens tokens,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var slug = request.Tenant.Trim().ToLowerInvariant();
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug && t.Status == TenantStatus.Active, cancellationToken);
        if (tenant is null)
        {
            return Unauthorized();
        }

        var reference = ConsumerSignInGuard.Normalize(request.AccountReference);
        var guard = await db.ConsumerSignInGuards.SingleOrDefaultAsync(g => g.TenantId == tenant.Id && g.AccountReference == reference, cancellationToken);
        if (guard is null)
        {
            guard = ConsumerSignInGuard.For(tenant.Id, reference);
            db.ConsumerSignInGuards.Add(guard);
        }

        if (guard.IsLocked(now))
        {
            return Locked(http, guard.LockedUntil!.Value - now);
        }

        tenantContext.Use(tenant.Id);
        VerifyConsumerReply reply;
        try
        {
            reply = await accounts.VerifyConsumerAsync(
                new VerifyConsumerRequest
                {
                    AccountReference = request.AccountReference.Trim(),
                    DateOfBirth = request.DateOfBirth.Trim(),
                    PostalCode = request.PostalCode.Trim(),
                },
                cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sign-in unavailable", detail: "Accounts could not be reached; try again shortly.");
        }

        if (!reply.Matched || !Guid.TryParse(reply.ConsumerId, out var consumerId))
        {
            guard.Failed(now);
            await db.SaveChangesAsync(cancellationToken);
            return guard.IsLocked(now) ? Locked(http, guard.LockedUntil!.Value - now) : Unauthorized();
        }

        guard.Succeeded(now);
        await db.SaveChangesAsync(cancellationToken);
        var token = tokens.IssueConsumer(tenant.Id, consumerId, Guid.CreateVersion7(now));
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)AccessTokens.ConsumerLifetime.TotalSeconds, null, null));
    }
}

/// <summary>What a consumer knows from the letter and about themselves.</summary>
/// <param name="Tenant">The agency's slug (part of the portal address on the letter).</param>
/// <param name="AccountReference">The account reference printed on the letter.</param>
/// <param name="DateOfBirth">yyyy-MM-dd.</param>
/// <param name="PostalCode">The postal code of the consumer's address.</param>
public sealed record ConsumerSignInRequest(string Tenant, string AccountReference, string DateOfBirth, string PostalCode)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Tenant) || Tenant.Length > 63)
        {
            errors["tenant"] = ["Required."];
        }

        if (string.IsNullOrWhiteSpace(AccountReference) || AccountReference.Trim().Length > 64)
        {
            errors["accountReference"] = ["Required, at most 64 characters."];
        }

        if (!DateOnly.TryParseExact(DateOfBirth?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors["dateOfBirth"] = ["A date as yyyy-MM-dd."];
        }

        if (string.IsNullOrWhiteSpace(PostalCode) || PostalCode.Trim().Length > 12)
        {
            errors["postalCode"] = ["Required, at most 12 characters."];
        }

        return errors;
    }
}
