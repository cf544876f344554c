using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Collections.Web.Session;
using Microsoft.AspNetCore.Components.Authorization;

namespace Collections.Web.Gateway;

/// <summary>
/// The platform's API as the signed-in user: every call goes to the gateway with the user's access
/// token from the session (never to a service directly). Pages inject this (or a typed wrapper over it,
/// such as <see cref="PortalApi"/>) and get an <see cref="ApiResult{T}"/>: the value, or the problem the
/// gateway answered with.
/// </summary>
public sealed class GatewayApi(HttpClient http, AuthenticationStateProvider authentication)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync<T>(WithBody(HttpMethod.Post, path, body, headers), cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(WithBody(HttpMethod.Put, path, body, null), cancellationToken);

    public Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(method, path) { Content = content }, cancellationToken);

    /// <summary>A text answer (e.g. a CSV file) as the signed-in user.</summary>
    public async Task<ApiResult<string>> GetTextAsync(string path, CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var token = state.User.FindFirst(WebSession.Claims.AccessToken)?.Value;
        if (token is null)
        {
            return ApiResult<string>.Fail(HttpStatusCode.Unauthorized, new ApiProblem { Title = "Not signed in", Status = 401 });
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? ApiResult<string>.Ok(await response.Content.ReadAsStringAsync(cancellationToken))
                : ApiResult<string>.Fail(response.StatusCode, new ApiProblem { Title = response.ReasonPhrase, Status = (int)response.StatusCode });
        }
        catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ApiResult<string>.Fail(HttpStatusCode.ServiceUnavailable, new ApiProblem { Title = "The service is not available right now.", Status = 503 });
        }
    }

    private static HttpRequestMessage WithBody(HttpMethod method, string path, object? body, IReadOnlyDictionary<string, string>? headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body ?? new { }, options: Json) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var state = await authentication.GetAuthenticationStateAsync();
            var token = state.User.FindFirst(WebSession.Claims.AccessToken)?.Value;
            if (token is null)
            {
                return ApiResult<T>.Fail(HttpStatusCode.Unauthorized, new ApiProblem { Title = "Not signed in", Status = 401 });
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return ApiResult<T>.Fail(HttpStatusCode.ServiceUnavailable, new ApiProblem { Title = "The service is not available right now.", Status = 503 });
            }

            using var _ = response;
            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(NoContent))
                {
                    return ApiResult<T>.Ok(default!);
                }

                return ApiResult<T>.Ok((await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!);
            }

            ApiProblem? problem = null;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                try
                {
                    problem = await response.Content.ReadFromJsonAsync<ApiProblem>(Json, cancellationToken);
                }
                catch (JsonException)
                {
                    problem = null;
                }
            }

            return ApiResult<T>.Fail(response.StatusCode, problem ?? new ApiProblem { Title = response.ReasonPhrase, Status = (int)response.StatusCode });
        }
    }
}

/// <summary>For calls whose success has no body.</summary>
public sealed record NoContent;

/// <summary>An RFC 9457 problem from the gateway or a service.</summary>
public sealed class ApiProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public Dictionary<string, string[]>? Errors { get; init; }

    /// <summary>What to show the user: the detail, the validation messages, or the title.</summary>
    public string Message => Errors is { Count: > 0 }
        ? string.Join(" ", Errors.SelectMany(e => e.Value))
        : Detail ?? Title ?? "";
}

/// <summary>A call's value, or its problem.</summary>
public sealed record ApiResult<T>(T? Value, HttpStatusCode Status, ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;

    /// <summary>The session's token was refused: the user has to sign in again.</summary>
    public bool SessionEnded => Status == HttpStatusCode.Unauthorized;

    public static ApiResult<T> Ok(T value) => new(value, HttpStatusCode.OK, null);

    public static ApiResult<T> Fail(HttpStatusCode status, ApiProblem problem) => new(default, status, problem);
}
