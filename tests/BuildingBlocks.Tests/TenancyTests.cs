using Collections.BuildingBlocks.Tenancy;
using Collections.IntegrationTesting;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.BuildingBlocks.Tests;

public sealed class TenancyTests(PlatformContainers containers)
{
    [Fact]
    public async Task Queries_see_only_the_current_tenants_rows()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var (tenantA, tenantB) = (Guid.NewGuid(), Guid.NewGuid());
        var accountId = Guid.NewGuid();
        await AddReceiptAsync(host, tenantA, accountId);

        Assert.Equal(1, await host.ReceiptsForAsync(tenantA, accountId));
        Assert.Equal(0, await host.ReceiptsForAsync(tenantB, accountId));
    }

    [Fact]
    public async Task Writing_another_tenants_row_is_refused()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var (tenantA, tenantB) = (Guid.NewGuid(), Guid.NewGuid());

        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantA);
        var db = scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>();
        db.Receipts.Add(new Receipt { Id = Guid.NewGuid(), TenantId = tenantB, AccountId = Guid.NewGuid() });

        await Assert.ThrowsAsync<CrossTenantWriteException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Writing_without_a_tenant_is_refused()
    {
        await using var host = await MessagingHost.StartAsync(containers);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>();
        db.Receipts.Add(new Receipt { Id = Guid.NewGuid(), TenantId = Guid.NewGuid(), AccountId = Guid.NewGuid() });

        await Assert.ThrowsAsync<MissingTenantException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_scope_cannot_switch_tenants()
    {
        var tenant = new TenantContext();
        tenant.Use(Guid.NewGuid());

        Assert.Throws<InvalidOperationException>(() => tenant.Use(Guid.NewGuid()));
    }

    private static async Task AddReceiptAsync(MessagingHost host, Guid tenantId, Guid accountId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ReceiptsDbContext>();
        db.Receipts.Add(new Receipt { Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId });
        await db.SaveChangesAsync();
    }
}
