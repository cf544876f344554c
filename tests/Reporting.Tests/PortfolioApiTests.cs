using System.Net;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Collections.Reporting.Apis;

namespace Collections.Reporting.Tests;

public sealed class PortfolioApiTests(ReportingServiceFactory service) : IClassFixture<ReportingServiceFactory>
{
    private const string PortfolioPath = "/api/v1/reporting/portfolio";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientA = Guid.NewGuid();
    private readonly Guid clientB = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_see_the_whole_tenants_portfolio()
    {
        await PlaceAsync(clientA, 100m, 250m);
        await PlaceAsync(clientB, 1000m);

        var portfolio = await PortfolioOnceProjectedAsync(3);

        Assert.Equal(1350m, Assert.Single(portfolio.PlacedBalances).Amount);
    }

    [Fact]
    public async Task A_client_sees_the_totals_of_its_own_accounts_only()
    {
        await PlaceAsync(clientA, 100m, 250m);
        await PlaceAsync(clientB, 1000m);
        await PortfolioOnceProjectedAsync(3);

        var portfolio = await service.ClientFor(TestCallers.Client(tenantId, clientA)).GetFromJsonAsync<PortfolioResponse>(PortfolioPath, Cancel);

        Assert.Equal(2, portfolio!.Accounts);
        Assert.Equal(350m, Assert.Single(portfolio.PlacedBalances).Amount);
    }

    [Fact]
    public async Task A_consumer_may_not_see_the_portfolio()
    {
        var response = await service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())).GetAsync(PortfolioPath, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task PlaceAsync(Guid clientId, params decimal[] balances)
    {
        foreach (var balance in balances)
        {
            await service.PublishAsync(new AccountPlaced
            {
                TenantId = tenantId,
                OccurredAt = DateTimeOffset.UtcNow,
                AccountId = Guid.NewGuid(),
                ClientId = clientId,
                ConsumerId = Guid.NewGuid(),
                ClientReference = $"REF-{Guid.NewGuid():N}",
                Jurisdiction = "MA",
                Currency = "USD",
                Principal = balance,
                Interest = 0m,
                Fees = 0m,
                PlacedBalance = balance,
            });
        }
    }

    private async Task<PortfolioResponse> PortfolioOnceProjectedAsync(int accounts)
    {
        var staff = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        return await Eventually.Until(
            async () => (await staff.GetFromJsonAsync<PortfolioResponse>(PortfolioPath, Cancel))!,
            p => p.Accounts == accounts,
            Deadline,
            $"{accounts} placements to be projected");
    }
}
