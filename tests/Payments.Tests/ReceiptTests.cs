using System.Net;
using System.Net.Http.Json;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class ReceiptTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_posted_payment_gives_the_consumer_a_receipt_with_the_method_and_the_balance_left()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        var paid = await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Card(120.50m));
        var payment = (await paid.Content.ReadFromJsonAsync<PaymentResponse>(Cancel))!;

        var receipts = await consumer.GetFromJsonAsync<List<ReceiptResponse>>(ReceiptsPath(account.AccountId), Cancel);
        var receipt = Assert.Single(receipts!);
        var fetched = await consumer.GetFromJsonAsync<ReceiptResponse>($"/api/v1/payments/receipts/{receipt.ReceiptId}", Cancel);

        Assert.Equal(receipt, fetched);
        Assert.Equal(
            (1L, "R00000001", payment.PaymentId, 120.50m, "USD", "card", "Visa", "4242", 379.50m),
            (receipt.Number, receipt.ReceiptNumber, receipt.PaymentId, receipt.Amount, receipt.Currency, receipt.Method, receipt.Brand, receipt.LastFour, receipt.RemainingBalance));
        // The database keeps instants to the microsecond.
        Assert.Equal(payment.CreatedAt, receipt.PaidAt, TimeSpan.FromMicroseconds(1));
        Assert.Equal(account.ClientReference, receipt.ClientReference);
    }

    [Fact]
    public async Task Receipts_are_numbered_in_sequence_per_tenant_and_declines_get_none()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var agent = service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
        await PayAsync(agent, account.AccountId, Guid.NewGuid().ToString(), Card(10m));
        await PayAsync(agent, account.AccountId, Guid.NewGuid().ToString(), Card(10m, "tok_visa_decline"));
        await PayAsync(agent, account.AccountId, Guid.NewGuid().ToString(), Ach(20m));
        var otherTenant = Guid.NewGuid();
        var elsewhere = await service.SeedAccountAsync(otherTenant, 500m);
        await PayAsync(service.ClientFor(TestCallers.Staff(otherTenant, Roles.Agent)), elsewhere.AccountId, Guid.NewGuid().ToString(), Card(10m));

        var receipts = await agent.GetFromJsonAsync<List<ReceiptResponse>>(ReceiptsPath(account.AccountId), Cancel);
        var theirs = await service.ClientFor(TestCallers.Staff(otherTenant, Roles.Agent)).GetFromJsonAsync<List<ReceiptResponse>>(ReceiptsPath(elsewhere.AccountId), Cancel);

        Assert.Equal([(2L, 470m, "ach", "6789"), (1L, 490m, "card", "4242")], receipts!.Select(r => (r.Number, r.RemainingBalance, r.Method, r.LastFour!)));
        Assert.Equal(1L, Assert.Single(theirs!).Number);
    }

    [Fact]
    public async Task Staff_see_a_receipt_another_consumer_or_tenant_gets_404_and_a_client_403()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        await PayAsync(service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent)), account.AccountId, Guid.NewGuid().ToString(), Card(10m));
        var receipt = Assert.Single((await service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId)).GetFromJsonAsync<List<ReceiptResponse>>(ReceiptsPath(account.AccountId), Cancel))!);
        var path = $"/api/v1/payments/receipts/{receipt.ReceiptId}";

        var staff = await service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent)).GetAsync(path, Cancel);
        var anotherConsumer = await service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())).GetAsync(path, Cancel);
        var anotherConsumersPrint = await service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())).GetAsync($"{path}/print", Cancel);
        var anotherConsumersList = await service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())).GetAsync(ReceiptsPath(account.AccountId), Cancel);
        var anotherTenant = await service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)).GetAsync(path, Cancel);
        var client = await service.ClientFor(TestCallers.Client(tenantId, account.ClientId)).GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anotherConsumer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anotherConsumersPrint.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anotherConsumersList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anotherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, client.StatusCode);
    }

    [Fact]
    public async Task The_print_view_is_an_html_page_with_the_receipts_figures()
    {
        var account = await service.SeedAccountAsync(tenantId, 1_500m);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Card(1_234.50m));
        var receipt = Assert.Single((await consumer.GetFromJsonAsync<List<ReceiptResponse>>(ReceiptsPath(account.AccountId), Cancel))!);

        var response = await consumer.GetAsync($"/api/v1/payments/receipts/{receipt.ReceiptId}/print", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(receipt.ReceiptNumber, html, StringComparison.Ordinal);
        Assert.Contains("1,234.50 USD", html, StringComparison.Ordinal);
        Assert.Contains("265.50 USD", html, StringComparison.Ordinal);
        Assert.Contains("Card Visa ending in 4242", html, StringComparison.Ordinal);
        Assert.Contains("from a debt collector", html, StringComparison.Ordinal);
    }

    private static string ReceiptsPath(Guid accountId) => $"/api/v1/payments/accounts/{accountId}/receipts";
}
