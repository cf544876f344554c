using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

[assembly: RootNamespace("Collections.Web")]

namespace Collections.Web;

/// <summary>Marker type of the shared string resources (Resources/SharedResource.resx and .es.resx).</summary>
public sealed class SharedResource;

/// <summary>English and Spanish; the choice is kept in the culture cookie set by <c>/culture</c>.</summary>
public static class Localization
{
    public static readonly string[] Cultures = ["en", "es"];

    public static IServiceCollection AddWebLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            options.ApplyCurrentCultureToResponseHeaders = true;
        });
        return services;
    }

    /// <summary><c>GET /culture?culture=es&amp;redirectUri=/portal</c>: remembers the language and goes back to the page.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture", (string? culture, string? redirectUri, HttpContext http) =>
        {
            var chosen = Cultures.Contains(culture) ? culture! : Cultures[0];
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalPath(http, redirectUri));
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A path under the application from one relative to it (<c>portal/payments</c>), never another site
    /// (no open redirects).
    /// </summary>
    internal static string LocalPath(HttpContext http, string? relative)
    {
        var safe = string.IsNullOrEmpty(relative) || relative.Contains(':', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal)
            ? ""
            : relative.TrimStart('/');
        return $"{http.Request.PathBase}/{safe}";
    }

    internal static string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName;
}
