using System.Globalization;
using System.Threading.RateLimiting;
using Collections.BuildingBlocks.Security;
using Microsoft.AspNetCore.Mvc;

namespace Collections.Gateway.Security;

/// <summary>
/// Per-credential request limits: each API key, consumer portal session and staff user gets the
/// requests per minute its tenant configured; sign-in endpoints are limited per client address
/// (<see cref="ClientAddresses"/>: the browser's when the web front end forwards it).
/// Over the limit: 429 with <c>Retry-After</c> and a problem body.
/// </summary>
public static class GatewayRateLimits
{
    public const string SignInPolicy = "sign-in";
    public const int SignInsPerMinutePerAddress = 30;

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services) =>
        services.AddSingleton<ClientAddresses>().AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User;
                var credential = user.FindFirst(CallerClaims.Credential)?.Value;
                if (credential is null || !int.TryParse(user.FindFirst(CallerAuthentication.RateLimitClaim)?.Value, CultureInfo.InvariantCulture, out var perMinute))
                {
                    return RateLimitPartition.GetNoLimiter("unauthenticated");
                }

                // Staff are limited per user (a new sign-in brings no new allowance), keys and
                // portal sessions per credential. The limit is part of the partition key, so a
                // tenant's new limit applies at once.
                var who = user.FindFirst(CallerClaims.Actor)?.Value == ActorKinds.Staff
                    ? $"user:{user.FindFirst(CallerClaims.Subject)?.Value}"
                    : credential;
                return RateLimitPartition.GetFixedWindowLimiter($"{who}/{perMinute}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.RequestServices.GetRequiredService<ClientAddresses>().Of(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInsPerMinutePerAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"The request limit for this credential was reached; retry after {seconds} s.",
                        Type = "https://collections.example/problems/rate-limited",
                    },
                });
            };
        });
}
