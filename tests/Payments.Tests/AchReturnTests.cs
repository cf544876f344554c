using System.Net;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class AchReturnTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ach_debit_returned_five_days_later_is_reversed_in_the_journal_and_restores_the_balance()
    {
        var account = await service.SeedAccountAsync(tenantId, 300m);
        var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

        var response = await PayAsync(agent, account.AccountId, Guid.NewGuid().ToString(), Ach(100m, "btok_ach_return_r01"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payment = (await response.Content.ReadFromJsonAsync<PaymentResponse>(Cancel))!;
        Assert.Equal("pending-settlement", payment.Status);
        Assert.Equal(200m, await BalanceAsync());

        service.Clock.Advance(TimeSpan.FromDays(4));
        await Task.Yield();
        Assert.Equal(PaymentStatus.PendingSettlement, (await PaymentAsync(payment.PaymentId)).Status);

        service.Clock.Advance(TimeSpan.FromDays(1));
        var reversed = await Eventually.Until(() => PaymentAsync(payment.PaymentId), p => p.Status == PaymentStatus.Reversed, Deadline, "the ACH return to reverse the payment");

        Assert.Equal("ach-return:R01", reversed.ReversalReason);
        var reversal = Assert.Single(await service.OutboxAsync(tenantId, "PaymentReversed"));
        Assert.Contains(payment.PaymentId.ToString(), reversal.Body, StringComparison.Ordinal);
        Assert.Equal(300m, await BalanceAsync());
        var journal = await service.InTenantAsync(tenantId, db => db.Journal.Where(e => e.PaymentId == payment.PaymentId).ToListAsync(Cancel));
        Assert.Equal(6, journal.Count);
        Assert.All(journal.GroupBy(e => e.Ledger), ledger => Assert.Equal(0m, ledger.Sum(e => e.Debit - e.Credit)));
    }

    [Fact]
    public async Task An_ach_debit_that_is_not_returned_stays_posted()
    {
        var account = await service.SeedAccountAsync(tenantId, 300m);
        var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        var response = await PayAsync(agent, account.AccountId, Guid.NewGuid().ToString(), Ach(100m));
        var payment = (await response.Content.ReadFromJsonAsync<PaymentResponse>(Cancel))!;

        service.Clock.Advance(TimeSpan.FromDays(6));
        await service.Services.GetRequiredService<ChargeReturnWatcher>().CheckAsync(Cancel);

        Assert.Equal(PaymentStatus.PendingSettlement, (await PaymentAsync(payment.PaymentId)).Status);
        Assert.Empty(await service.OutboxAsync(tenantId, "PaymentReversed"));
    }

    private Task<Payment> PaymentAsync(Guid paymentId) =>
        service.InTenantAsync(tenantId, db => db.Payments.AsNoTracking().SingleAsync(p => p.Id == paymentId, Cancel));

    private Task<decimal> BalanceAsync() =>
        service.InTenantAsync(tenantId, db => db.Accounts.AsNoTracking().Select(a => a.Balance).SingleAsync(Cancel));
}
