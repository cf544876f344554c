using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;

namespace Collections.Disputes.Tests;

/// <summary>
/// Every operation of the service's OpenAPI document, called by another tenant with an empty JSON body and
/// this tenant's ids, as the end-to-end attack suite does through the gateway.
/// </summary>
public sealed partial class OperationAttackTests(DisputesServiceFactory service) : IClassFixture<DisputesServiceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_tenant_gets_404_403_or_400_from_every_operation_and_never_a_5xx()
    {
        var tenantId = Guid.NewGuid();
        var clientId = Guid.NewGuid();
        var consumerId = Guid.NewGuid();
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, DateOnly.FromDateTime(DateTime.UtcNow));
        using var portal = service.ClientFor(TestCallers.Consumer(tenantId, consumerId));
        var dispute = await (await portal.PostAsJsonAsync($"/api/v1/disputes/accounts/{account.AccountId}/disputes", new { reason = "not-mine", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var complaint = await (await portal.PostAsJsonAsync($"/api/v1/disputes/accounts/{account.AccountId}/complaints", new { category = "other", description = "x" }, Cancel))
            .Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var ids = new Dictionary<string, string>
        {
            ["accountId"] = account.AccountId.ToString(),
            ["disputeId"] = dispute.GetProperty("id").GetString()!,
            ["complaintId"] = complaint.GetProperty("id").GetString()!,
        };
        var document = await service.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancel);
        var otherTenant = Guid.NewGuid();
        (string Who, HttpClient Caller)[] attackers =
        [
            ("another tenant's admin", service.ClientFor(TestCallers.Staff(otherTenant, Roles.Admin, Roles.ComplianceOfficer))),
            ("another tenant's client", service.ClientFor(TestCallers.Client(otherTenant, clientId))),
            ("another tenant's consumer", service.ClientFor(TestCallers.Consumer(otherTenant, consumerId))),
        ];
        var tried = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var target = PathParameter().Replace(path.Name, m => ids.GetValueOrDefault(m.Groups[1].Value, account.AccountId.ToString()));
                foreach (var (who, caller) in attackers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method.Name.ToUpperInvariant()), target);
                    if (method.Name is not ("get" or "delete"))
                    {
                        request.Content = JsonContent.Create(new { });
                    }

                    var response = await caller.SendAsync(request, Cancel);
                    var body = await response.Content.ReadAsStringAsync(Cancel);
                    tried++;
                    Assert.True((int)response.StatusCode < 500, $"{method.Name} {path.Name} as {who}: {(int)response.StatusCode} {body}");
                    if (path.Name.Contains('{', StringComparison.Ordinal))
                    {
                        Assert.True(
                            response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
                            $"{method.Name} {path.Name} as {who}: {(int)response.StatusCode} {body}");
                    }

                    Assert.DoesNotContain(account.ClientReference, body, StringComparison.Ordinal);
                }
            }
        }

        Assert.True(tried > 60, $"only {tried} requests");
    }

    [GeneratedRegex(@"\{([^}:]+)(:[^}]*)?\}")]
    private static partial Regex PathParameter();
}
