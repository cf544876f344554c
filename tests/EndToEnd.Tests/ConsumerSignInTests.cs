using System.Net;
using System.Net.Http.Json;

namespace Collections.EndToEnd.Tests;

/// <summary>The consumer portal sign-in: verified by Accounts, locked after repeated failures, silent about which fact was wrong.</summary>
public sealed class ConsumerSignInTests(PlatformApp platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_wrong_attempts_lock_the_account_reference_even_for_the_right_facts()
    {
        var tenant = await TestTenant.OnboardAsync(platform);
        using var client = tenant.WithKey(tenant.Clients[0]);
        var reference = $"LOCK-{Guid.NewGuid():N}"[..18];
        await Expect.Status(await client.PostAsJsonAsync("/api/v1/accounts/accounts", new
        {
            clientReference = reference,
            originalCreditor = "Acme Bank",
            consumer = new { firstName = "Lu", lastName = "Lock", dateOfBirth = "1985-03-03", postalCode = "60601" },
            jurisdiction = "IL",
            currency = "USD",
            principal = 90m,
            interest = 0m,
            fees = 0m,
        }, Cancel), 201);
        using var anonymous = platform.Gateway();
        object Attempt(string dateOfBirth) => new { tenant = tenant.Slug, accountReference = reference, dateOfBirth, postalCode = "60601" };

        var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", Attempt("1985-03-04"), Cancel);
        var unknownReference = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", new { tenant = tenant.Slug, accountReference = "NO-SUCH-REF", dateOfBirth = "1985-03-03", postalCode = "60601" }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownReference.StatusCode);
        Assert.Equal(await ProblemTypeAsync(wrong), await ProblemTypeAsync(unknownReference));

        for (var i = 2; i <= 4; i++)
        {
            await Expect.Status(await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", Attempt("1985-03-04"), Cancel), 401);
        }

        var fifth = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", Attempt("1985-03-04"), Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        var right = await anonymous.PostAsJsonAsync("/api/v1/auth/consumer", Attempt("1985-03-03"), Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter?.Delta);
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Cancel)).GetProperty("type").GetString();
}
