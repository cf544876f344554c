using Collections.BuildingBlocks;
using Collections.Gateway.Identity;

namespace Collections.Gateway.Apis;

/// <summary>Examples shown in the gateway's OpenAPI document.</summary>
public static class ApiExamples
{
    public static IServiceCollection AddGatewayApiExamples(this IServiceCollection services) => services
        .AddOpenApiExample(new OnboardTenantRequest(
            "northwind-recovery",
            "Northwind Recovery LLC",
            TenantKind.Agency,
            new NewUserRequest("ada@northwind.example", "Ada Admin", "correct horse battery staple", null),
            RateLimits.Default))
        .AddOpenApiExample(new StaffSignInRequest("northwind-recovery", "ada@northwind.example", "correct horse battery staple"))
        .AddOpenApiExample(new ConsumerSignInRequest("northwind-recovery", "ACME-000123", "1980-02-29", "02139"))
        .AddOpenApiExample(new NewUserRequest("sam@northwind.example", "Sam Agent", "a long passphrase here", ["agent"]))
        .AddOpenApiExample(new NewClientRequest("Acme Bank", new ClientSettings(28.5m, 10m, 30m, ["fees", "interest", "principal"])))
        .AddOpenApiExample(new NewApiKeyRequest("nightly placement upload"));
}
