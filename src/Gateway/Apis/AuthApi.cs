using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Collections.Gateway.Identity;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Apis;

/// <summary>Sign-in for staff (password, then refresh tokens) and for consumers (the portal).</summary>
public static partial class AuthApi
{
    private const string InvalidCredentials = "https://collections.example/problems/invalid-credentials";
    private const string LockedOut = "https://collections.example/problems/locked-out";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("api/v1/auth").WithTags("Sign-in").AllowAnonymous().RequireRateLimiting(GatewayRateLimits.SignInPolicy);
        auth.MapPost("/token", SignInStaff)
            .WithSummary("Staff sign-in")
            .WithDescription($"Exchanges tenant, email and password for a {AccessTokens.StaffLifetime.TotalMinutes:0}-minute access token and a refresh token. {StaffUser.MaxFailedSignIns} failures in a row lock the user for {StaffUser.LockoutDuration.TotalMinutes:0} minutes.");
        auth.MapPost("/refresh", Refresh)
            .WithSummary("Refresh a staff session")
            .WithDescription("Exchanges a refresh token for a new access token and a new refresh token; the old one stops working. Re-using a spent refresh token ends the whole session.");
        MapConsumerSignIn(auth);
        return app;
    }

    static partial void MapConsumerSignIn(RouteGroupBuilder auth);

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> SignInStaff(
        StaffSignInRequest request, GatewayDbContext db, AccessTokens tokens, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Tenant) || string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordHasher.MaxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["credentials"] = ["tenant, email and password are required."] });
        }

        var now = clock.GetUtcNow();
        var slug = request.Tenant.Trim().ToLowerInvariant();
        var email = request.Email.Trim().ToLowerInvariant();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug && t.Status == TenantStatus.Active, cancellationToken);
        var user = tenant is null ? null : await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.TenantId == tenant.Id && u.Email == email, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            // Same work and answer as a wrong password, so the response does not tell which users exist.
            PasswordHasher.Verify(request.Password, DummyHash.Value);
            return Unauthorized();
        }

        if (user.IsLockedOut(now))
        {
            return Locked(http, user.LockedUntil!.Value - now);
        }

        if (!PasswordHasher.Verify(request.Password, user.PasswordHash))
        {
            user.FailedSignIn(now);
            await db.SaveChangesAsync(cancellationToken);
            return user.IsLockedOut(now) ? Locked(http, user.LockedUntil!.Value - now) : Unauthorized();
        }

        user.SignedIn();
        var response = StartSession(db, tokens, user, Guid.CreateVersion7(now), now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, GatewayDbContext db, AccessTokens tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["Required."] });
        }

        var now = clock.GetUtcNow();
        var hash = HashToken(request.RefreshToken);
        var stored = await db.RefreshTokens.SingleOrDefaultAsync(r => r.Hash == hash, cancellationToken);
        if (stored is null)
        {
            return Unauthorized();
        }

        if (stored.UsedAt is not null)
        {
            // A spent token came back: someone else holds a copy. End the whole session.
            await db.RefreshTokens.Where(r => r.FamilyId == stored.FamilyId && r.RevokedAt == null)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.RevokedAt, now), cancellationToken);
            return Unauthorized();
        }

        var user = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == stored.UserId, cancellationToken);
        var tenantActive = await db.Tenants.AnyAsync(t => t.Id == stored.TenantId && t.Status == TenantStatus.Active, cancellationToken);
        if (!stored.IsUsable(now) || user is null || user.IsDisabled || !tenantActive)
        {
            return Unauthorized();
        }

        stored.Use(now);
        var response = StartSession(db, tokens, user, stored.FamilyId, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(response);
    }

    private static TokenResponse StartSession(GatewayDbContext db, AccessTokens tokens, StaffUser user, Guid familyId, DateTimeOffset now)
    {
        var refresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(RefreshToken.Issue(user.TenantId, user.Id, familyId, HashToken(refresh), now));
        return new TokenResponse(
            tokens.IssueStaff(user, familyId),
            "Bearer",
            (int)AccessTokens.StaffLifetime.TotalSeconds,
            refresh,
            (int)Identity.RefreshToken.Lifetime.TotalSeconds);
    }

    internal static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    internal static ProblemHttpResult Unauthorized() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in failed",
        detail: "The credentials are not valid.",
        type: InvalidCredentials);

    internal static ProblemHttpResult Locked(HttpContext http, TimeSpan remaining)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many failed sign-ins",
            detail: $"Sign-in is locked after repeated failures; retry after {seconds} s.",
            type: LockedOut);
    }

    private static class DummyHash
    {
        public static readonly string Value = PasswordHasher.Hash("not-a-real-password-" + Guid.NewGuid());
    }
}

/// <summary>Staff credentials.</summary>
/// <param name="Tenant">The tenant's slug.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Password">The user's password.</param>
public sealed record StaffSignInRequest(string Tenant, string Email, string Password);

/// <summary>A refresh token from an earlier sign-in or refresh.</summary>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>Tokens for a staff session. Send the access token as <c>Authorization: Bearer …</c>.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? RefreshToken, int? RefreshExpiresIn);
