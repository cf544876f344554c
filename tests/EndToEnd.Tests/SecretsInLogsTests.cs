using System.Net.Http.Json;
using System.Text.Json;
using Collections.IntegrationTesting;

namespace Collections.EndToEnd.Tests;

/// <summary>No key, password or token may appear in any log line of any resource of a full run.</summary>
public sealed class SecretsInLogsTests(PlatformApp platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_key_password_or_token_used_in_a_full_flow_appears_in_any_log()
    {
        // A flow that touches every kind of secret: onboarding with a password, sign-in, refresh,
        // API key creation and use, a failed sign-in with a wrong password and a revoked key.
        var tenant = await TestTenant.OnboardAsync(platform);
        using var anonymous = platform.Gateway();
        var refreshed = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tenant.AdminRefreshToken }, Cancel);
        await Expect.Status(refreshed, 200);
        var tokens = await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        platform.RememberSecret("refreshed access token", tokens.GetProperty("accessToken").GetString()!);
        platform.RememberSecret("refreshed refresh token", tokens.GetProperty("refreshToken").GetString()!);

        var wrongPassword = $"wrong-{Guid.NewGuid():N}";
        platform.RememberSecret("wrong password", wrongPassword);
        await Expect.Status(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant = tenant.Slug, email = tenant.AdminEmail, password = wrongPassword }, Cancel), 401);

        using var key = tenant.WithKey(tenant.Clients[0]);
        await Expect.Status(await key.GetAsync("/api/v1/reporting/portfolio", Cancel), 200);
        using var admin = tenant.AsAdmin();
        await Expect.Status(await admin.DeleteAsync($"/api/v1/admin/clients/{tenant.Clients[0].Id}/api-keys/{tenant.Clients[0].KeyId}", Cancel), 200);
        await Expect.Status(await key.GetAsync("/api/v1/reporting/portfolio", Cancel), 401);

        // Log lines arrive asynchronously: read them until the last request's lines are there.
        var lines = await Eventually.Until(
            () => platform.LogLinesAsync(Cancel),
            l => l.Any(line => line.StartsWith("gateway: ", StringComparison.Ordinal) && line.Contains("api-keys", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the gateway's log of the key revocation");
        var leaks = (from line in lines
                     from secret in platform.Secrets
                     where line.Contains(secret.Key, StringComparison.Ordinal)
                     select $"{secret.Value} in: {line}").ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
        TestContext.Current.SendDiagnosticMessage($"Scanned {lines.Count} log lines for {platform.Secrets.Count} secrets");
    }
}
