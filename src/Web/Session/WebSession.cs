using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Collections.Web.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Collections.Web.Session;

/// <summary>
/// The signed-in user's session: the gateway's tokens live only in the encrypted, HTTP-only
/// authentication cookie (ASP.NET Core data protection) and in server memory while a page's circuit
/// runs; the browser never sees them in script or storage.
/// </summary>
public static class WebSession
{
    public const string ConsumerPolicy = "consumer";
    public const string StaffPolicy = "staff";

    /// <summary>Claim types of the session cookie.</summary>
    public static class Claims
    {
        public const string Kind = "kind";
        public const string Tenant = "tenant";
        public const string AccessToken = "access_token";
        public const string RefreshToken = "refresh_token";
        public const string ExpiresAt = "expires_at";
        public const string Role = "role";
        public const string Name = "name";
    }

    public const string ConsumerKind = "consumer";
    public const string StaffKind = "staff";

    public static IServiceCollection AddWebSession(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "collections.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = false;
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.Redirect(SignInPathFor(context.Request));
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.Redirect(SignInPathFor(context.Request));
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = KeepTokenFreshAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsumerPolicy, policy => policy.RequireClaim(Claims.Kind, ConsumerKind))
            .AddPolicy(StaffPolicy, policy => policy.RequireClaim(Claims.Kind, StaffKind));
        return services;
    }

    /// <summary>The sign-in page of the area a path belongs to.</summary>
    public static string SignInPathFor(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var area = path.StartsWith("/agent", StringComparison.OrdinalIgnoreCase) ? "agent"
            : path.StartsWith("/supervisor", StringComparison.OrdinalIgnoreCase) ? "supervisor"
            : "portal";
        return $"{request.PathBase}/{area}/sign-in";
    }

    /// <summary>The principal of a session from the gateway's token response.</summary>
    public static ClaimsPrincipal Principal(string kind, string tenant, TokenResponse tokens, DateTimeOffset now)
    {
        var payload = JwtPayload(tokens.AccessToken);
        var claims = new List<Claim>
        {
            new(Claims.Kind, kind),
            new(Claims.Tenant, tenant),
            new(Claims.AccessToken, tokens.AccessToken),
            new(Claims.ExpiresAt, now.AddSeconds(tokens.ExpiresIn).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new(Claims.Name, payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("sub", out var sub) ? sub.GetString() ?? "" : ""),
        };
        if (!string.IsNullOrEmpty(tokens.RefreshToken))
        {
            claims.Add(new Claim(Claims.RefreshToken, tokens.RefreshToken));
        }

        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(Claims.Role, out var roles))
        {
            var values = roles.ValueKind == JsonValueKind.Array ? roles.EnumerateArray().Select(r => r.GetString()) : [roles.GetString()];
            claims.AddRange(values.Where(r => !string.IsNullOrEmpty(r)).Select(r => new Claim(Claims.Role, r!)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, Claims.Name, Claims.Role));
    }

    /// <summary>Signs the user in: the cookie holds the tokens, encrypted.</summary>
    public static Task SignInAsync(HttpContext http, ClaimsPrincipal principal) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = false });

    /// <summary>
    /// Before a request uses the session: a staff session whose access token is about to expire is
    /// refreshed with its refresh token and the cookie renewed; an expired consumer session ends.
    /// </summary>
    private static async Task KeepTokenFreshAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !long.TryParse(principal.FindFirstValue(Claims.ExpiresAt), CultureInfo.InvariantCulture, out var expiresAt))
        {
            context.RejectPrincipal();
            return;
        }

        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeSeconds(expiresAt) > now.AddMinutes(1))
        {
            return;
        }

        var refresh = principal.FindFirstValue(Claims.RefreshToken);
        var tokens = refresh is null ? null : await context.HttpContext.RequestServices.GetRequiredService<GatewayAuth>().RefreshAsync(refresh, context.HttpContext.RequestAborted);
        if (tokens is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(Principal(principal.FindFirstValue(Claims.Kind)!, principal.FindFirstValue(Claims.Tenant)!, tokens, now));
        context.ShouldRenew = true;
    }

    /// <summary>The claims of a JWT, read only to show the user's roles: the gateway validates the token.</summary>
    private static JsonElement JwtPayload(string token)
    {
        var parts = token.Split('.');
        if (parts.Length < 2)
        {
            return default;
        }

        var base64 = parts[1].Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))).RootElement.Clone();
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
            return default;
        }
    }

    /// <summary><c>POST /sign-out</c> (a form with the antiforgery token): ends the session.</summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sign-out", async (HttpContext http, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(Localization.LocalPath(http, returnUrl));
        });
        return app;
    }
}
