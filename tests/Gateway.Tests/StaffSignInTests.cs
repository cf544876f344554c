using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Gateway.Apis;
using Collections.Gateway.Identity;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Collections.Gateway.Tests;

public sealed class StaffSignInTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wrong_password_is_a_401_invalid_credentials_problem()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var response = await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, "not-the-right-password");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.EndsWith("/invalid-credentials", (await ProblemAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_user_gets_the_same_401_problem_as_a_wrong_password()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var wrongPassword = await ProblemAsync(await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, "not-the-right-password"));

        var response = await gateway.RequestSignInAsync(tenant.Slug, $"nobody@{tenant.Slug}.example", "not-the-right-password");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var unknownUser = await ProblemAsync(response);
        foreach (var field in new[] { "type", "title", "detail" })
        {
            Assert.Equal(wrongPassword.GetProperty(field).GetString(), unknownUser.GetProperty(field).GetString());
        }
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_user_even_against_the_right_password()
    {
        var tenant = await gateway.OnboardTenantAsync();
        for (var attempt = 1; attempt <= StaffUser.MaxFailedSignIns; attempt++)
        {
            await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, $"wrong-password-{attempt}");
        }

        var response = await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, tenant.Admin.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(14), StaffUser.LockoutDuration);
        Assert.EndsWith("/locked-out", (await ProblemAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Fewer_than_five_failures_do_not_lock_the_user()
    {
        var tenant = await gateway.OnboardTenantAsync();
        for (var attempt = 1; attempt < StaffUser.MaxFailedSignIns; attempt++)
        {
            await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, $"wrong-password-{attempt}");
        }

        var response = await gateway.RequestSignInAsync(tenant.Slug, tenant.Admin.Email, tenant.Admin.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Refreshing_issues_working_tokens_and_the_old_refresh_token_then_fails()
    {
        var tenant = await gateway.OnboardTenantAsync();

        var refreshed = await gateway.RefreshAsync(tenant.Tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var tokens = (await refreshed.Content.ReadFromJsonAsync<TokenResponse>(Cancel))!;
        Assert.NotEqual(tenant.Tokens.RefreshToken, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await gateway.WithToken(tokens.AccessToken).GetAsync("/api/v1/admin/users", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.RefreshAsync(tenant.Tokens.RefreshToken!)).StatusCode);
    }

    [Fact]
    public async Task Re_using_a_spent_refresh_token_revokes_the_one_issued_in_its_place()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var rotated = (await (await gateway.RefreshAsync(tenant.Tokens.RefreshToken!)).Content.ReadFromJsonAsync<TokenResponse>(Cancel))!;

        await gateway.RefreshAsync(tenant.Tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.RefreshAsync(rotated.RefreshToken!)).StatusCode);
    }

    [Fact]
    public async Task An_expired_access_token_is_401()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var issuedLongAgo = new FakeTimeProvider(DateTimeOffset.UtcNow - AccessTokens.StaffLifetime - TimeSpan.FromMinutes(2));
        var expired = await MintStaffTokenAsync(tenant.AdminUserId, new AccessTokens(gateway.Services.GetRequiredService<IConfiguration>(), issuedLongAgo));
        var current = await MintStaffTokenAsync(tenant.AdminUserId, new AccessTokens(gateway.Services.GetRequiredService<IConfiguration>(), TimeProvider.System));
        Assert.Equal(HttpStatusCode.OK, (await gateway.WithToken(current).GetAsync("/api/v1/admin/users", Cancel)).StatusCode);

        var response = await gateway.WithToken(expired).GetAsync("/api/v1/admin/users", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var otherKey = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [AccessTokens.SigningKeyConfigKey] = "another-signing-key-of-at-least-32-bytes" })
            .Build();
        var forged = await MintStaffTokenAsync(tenant.AdminUserId, new AccessTokens(otherKey, TimeProvider.System));

        var response = await gateway.WithToken(forged).GetAsync("/api/v1/admin/users", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_garbage_bearer_token_is_401()
    {
        var response = await gateway.WithToken("not.a.token").GetAsync("/api/v1/admin/users", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_makes_their_current_access_token_fail_at_once()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var agent = await gateway.AddStaffAsync(tenant, "agent");
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);

        var disabled = await tenant.Client.PostAsync($"/api/v1/admin/users/{agent.UserId}/disable", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.Client.GetAsync("/api/v1/accounts/accounts", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_refresh_token()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var agent = await gateway.AddStaffAsync(tenant, "agent");

        await tenant.Client.PostAsync($"/api/v1/admin/users/{agent.UserId}/disable", null, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.RefreshAsync(agent.Tokens.RefreshToken!)).StatusCode);
    }

    private async Task<string> MintStaffTokenAsync(Guid userId, AccessTokens tokens)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Users.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Id == userId, Cancel);
        return tokens.IssueStaff(user, Guid.NewGuid());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }
}
