using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Collections.EndToEnd.Tests;

/// <summary>One public operation, as the OpenAPI documents served by the gateway list it.</summary>
public sealed record Operation(string Method, string PathTemplate, string Document)
{
    public bool HasPathParameters => PathTemplate.Contains('{', StringComparison.Ordinal);

    /// <summary>
    /// Sign-in and the payment processor's sandbox tokenization (which the portal's payment form calls from
    /// the browser, standing in for the processor's own) are open to anyone; everything else needs a credential.
    /// </summary>
    public bool IsAnonymous => PathTemplate.StartsWith("/api/v1/auth/", StringComparison.Ordinal) || PathTemplate == "/api/v1/payments/sandbox/tokens";

    /// <summary>Reachable without a platform credential; the service checks the operation's own (a webhook secret, a signed link) and answers 401 without it.</summary>
    public bool IsSelfAuthenticated => PathTemplate is "/api/v1/outreach/tenants/{tenantId}/sms/inbound" or "/api/v1/outreach/email-opt-outs";

    public bool IsPlatform => PathTemplate.StartsWith("/api/v1/platform/", StringComparison.Ordinal);

    public string Fill(IReadOnlyDictionary<string, string> values, string fallback) =>
        Regex.Replace(PathTemplate, @"\{([^}:]+)(:[^}]*)?\}", m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : fallback);

    public HttpRequestMessage Request(string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), path);
        if (Method is not ("GET" or "DELETE" or "HEAD"))
        {
            request.Content = JsonContent.Create(new { });
        }

        return request;
    }

    public override string ToString() => $"{Method} {PathTemplate}";
}

/// <summary>Every public operation of the platform, read from the OpenAPI documents the gateway serves.</summary>
public static class AttackSurface
{
    public static readonly string[] Documents = ["/openapi/v1.json", "/openapi/accounts.json", "/openapi/outreach.json", "/openapi/payments.json", "/openapi/disputes.json", "/openapi/reporting.json"];

    public static async Task<IReadOnlyList<Operation>> LoadAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        var operations = new List<Operation>();
        foreach (var document in Documents)
        {
            var json = await gateway.GetFromJsonAsync<JsonElement>(document, cancellationToken);
            foreach (var path in json.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in path.Value.EnumerateObject())
                {
                    if (method.Name is "get" or "post" or "put" or "patch" or "delete")
                    {
                        operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, document));
                    }
                }
            }
        }

        return operations;
    }

    /// <summary>An HS256 JWT signed with <paramref name="key"/>: with the real key and a past expiry it is an expired token; with another key, a forged one.</summary>
    public static string Jwt(string key, Guid tenantId, DateTimeOffset expires, string actor = "staff", string role = "admin")
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = "collections-platform",
            ["aud"] = "collections-api",
            ["sub"] = Guid.NewGuid().ToString(),
            ["tenant_id"] = tenantId.ToString(),
            ["actor"] = actor,
            ["role"] = role,
            ["iat"] = expires.AddMinutes(-15).ToUnixTimeSeconds(),
            ["nbf"] = expires.AddMinutes(-15).ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }
}
