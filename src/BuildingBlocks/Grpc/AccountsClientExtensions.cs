using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.BuildingBlocks.Grpc;

/// <summary>The gRPC client of the Accounts service, as every other service uses it.</summary>
public static class AccountsClientExtensions
{
    /// <summary>
    /// The Accounts service's HTTP/2 endpoint, resolved by service discovery
    /// (configuration <c>services:accounts:grpc:0</c>).
    /// </summary>
    public const string Address = "http://_grpc.accounts";

    /// <summary>Registers <see cref="AccountsService.AccountsServiceClient"/>, sending the scope's tenant with every call.</summary>
    public static IServiceCollection AddAccountsClient(this IServiceCollection services)
    {
        services.AddGrpcClient<AccountsService.AccountsServiceClient>(options => options.Address = new Uri(Address))
            .AddTenantPropagation();
        return services;
    }
}
