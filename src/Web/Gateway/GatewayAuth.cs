using System.Net;

namespace Collections.Web.Gateway;

/// <summary>The gateway's sign-in endpoints (<c>/api/v1/auth/…</c>), called without a user token.</summary>
public sealed class GatewayAuth(HttpClient http)
{
    public async Task<SignInResult> SignInConsumerAsync(string tenant, string accountReference, string dateOfBirth, string postalCode, CancellationToken cancellationToken) =>
        await SignInAsync("api/v1/auth/consumer", new { tenant, accountReference, dateOfBirth, postalCode }, cancellationToken);

    public async Task<SignInResult> SignInStaffAsync(string tenant, string email, string password, CancellationToken cancellationToken) =>
        await SignInAsync("api/v1/auth/token", new { tenant, email, password }, cancellationToken);

    /// <summary>New tokens for a staff session, or null when the refresh token no longer works.</summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/refresh", new { refreshToken }, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken) : null;
    }

    private async Task<SignInResult> SignInAsync(string path, object body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(path, body, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SignInResult(null, SignInFailure.Unavailable);
        }

        using var _ = response;
        if (response.IsSuccessStatusCode)
        {
            return new SignInResult(await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken), SignInFailure.None);
        }

        return new SignInResult(null, response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => SignInFailure.Locked,
            HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest => SignInFailure.InvalidCredentials,
            _ => SignInFailure.Unavailable,
        });
    }
}

/// <summary>Tokens from the gateway (<c>TokenResponse</c> of its auth API).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? RefreshToken, int? RefreshExpiresIn);

public enum SignInFailure
{
    None,
    InvalidCredentials,
    Locked,
    Unavailable,
}

public sealed record SignInResult(TokenResponse? Tokens, SignInFailure Failure);
