using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Collections.BuildingBlocks.Security;
using Collections.IntegrationTesting;
using Collections.Payments.Apis;
using Collections.Payments.Domain;
using Collections.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Collections.Payments.Tests.PaymentsServiceFactory;

namespace Collections.Payments.Tests;

public sealed class OneTimePaymentTests(PaymentsServiceFactory service) : IClassFixture<PaymentsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Agent => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));

    [Fact]
    public async Task Concurrent_retries_with_the_same_key_charge_once_and_answer_the_same()
    {
        var account = await service.SeedAccountAsync(tenantId);
        var agent = Agent;
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PayAsync(agent, account.AccountId, key, Card(25m))));
        var retry = await PayAsync(agent, account.AccountId, key, Card(25m));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).Append(retry).ToList();
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var bodies = await Task.WhenAll(created.Select(r => r.Content.ReadAsStringAsync(Cancel)));
        Assert.Single(bodies.Distinct());
        Assert.Single(await service.InTenantAsync(tenantId, db => db.Payments.Where(p => p.AccountId == account.AccountId).ToListAsync(Cancel)));
        Assert.Single(await service.OutboxAsync(tenantId, "PaymentPosted"));
        Assert.Equal("true", retry.Headers.GetValues(PaymentsApi.ReplayedHeader).Single());
    }

    [Fact]
    public async Task A_retry_while_the_first_is_still_in_progress_is_a_409_problem()
    {
        var account = await service.SeedAccountAsync(tenantId);
        var key = Guid.NewGuid().ToString();
        Claim[] claims =
        [
            new(CallerClaims.Subject, $"agent-{Guid.NewGuid():N}"),
            new(CallerClaims.Actor, ActorKinds.Staff),
            new(CallerClaims.TenantId, tenantId.ToString()),
            new(CallerClaims.Role, Roles.Agent),
        ];
        var path = PaymentsPath(account.AccountId);
        var hash = PaymentsApi.RequestHash("POST", path, new Caller(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))), new MakePaymentRequest(25m, "USD", "tok_visa_approve", "card"));
        await service.InTenantAsync(tenantId, async db =>
        {
            db.IdempotentRequests.Add(IdempotentRequest.Begin(tenantId, key, hash, service.Clock.GetUtcNow()));
            await db.SaveChangesAsync(Cancel);
        });

        var response = await PayAsync(service.ClientFor(TestCallers.Trusted.Issue(claims)), account.AccountId, key, Card(25m));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await service.InTenantAsync(tenantId, db => db.Payments.ToListAsync(Cancel)));
    }

    [Fact]
    public async Task A_retry_of_a_payment_refused_before_the_account_was_known_posts_once_the_account_arrives()
    {
        var agent = Agent;
        var accountId = Guid.NewGuid();
        var key = Guid.NewGuid().ToString();

        // The client placed the account; Payments has not consumed AccountPlaced yet.
        var early = await PayAsync(agent, accountId, key, Card(25m));
        await service.SeedAccountAsync(tenantId, accountId: accountId);
        var retry = await PayAsync(agent, accountId, key, Card(25m));
        var again = await PayAsync(agent, accountId, key, Card(25m));

        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues(PaymentsApi.ReplayedHeader).Single());
        Assert.Single(await service.InTenantAsync(tenantId, db => db.Payments.Where(p => p.AccountId == accountId).ToListAsync(Cancel)));
    }

    [Fact]
    public async Task A_retry_takes_over_a_request_left_in_progress_by_a_process_that_died_and_posts_it_once()
    {
        var account = await service.SeedAccountAsync(tenantId);
        var key = Guid.NewGuid().ToString();
        Claim[] claims =
        [
            new(CallerClaims.Subject, $"agent-{Guid.NewGuid():N}"),
            new(CallerClaims.Actor, ActorKinds.Staff),
            new(CallerClaims.TenantId, tenantId.ToString()),
            new(CallerClaims.Role, Roles.Agent),
        ];
        var path = PaymentsPath(account.AccountId);
        var hash = PaymentsApi.RequestHash("POST", path, new Caller(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))), new MakePaymentRequest(25m, "USD", "tok_visa_approve", "card"));
        // What a process killed between storing the key and committing the payment leaves behind.
        await service.InTenantAsync(tenantId, async db =>
        {
            db.IdempotentRequests.Add(IdempotentRequest.Begin(tenantId, key, hash, service.Clock.GetUtcNow() - TimeSpan.FromMinutes(2)));
            await db.SaveChangesAsync(Cancel);
        });
        var client = service.ClientFor(TestCallers.Trusted.Issue(claims));

        var retry = await PayAsync(client, account.AccountId, key, Card(25m));
        var again = await PayAsync(client, account.AccountId, key, Card(25m));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await retry.Content.ReadAsStringAsync(Cancel), await again.Content.ReadAsStringAsync(Cancel));
        Assert.Single(await service.InTenantAsync(tenantId, db => db.Payments.Where(p => p.AccountId == account.AccountId).ToListAsync(Cancel)));
        Assert.Single(await service.OutboxAsync(tenantId, "PaymentPosted"));
        Assert.True((await service.InTenantAsync(tenantId, db => db.IdempotentRequests.SingleAsync(r => r.Key == key, Cancel))).Completed);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422()
    {
        var account = await service.SeedAccountAsync(tenantId);
        var agent = Agent;
        var key = Guid.NewGuid().ToString();
        (await PayAsync(agent, account.AccountId, key, Card(25m))).EnsureSuccessStatusCode();

        var response = await PayAsync(agent, account.AccountId, key, Card(26m));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(await service.OutboxAsync(tenantId, "PaymentPosted"));
    }

    [Fact]
    public async Task A_payment_without_an_idempotency_key_is_a_400_problem()
    {
        var account = await service.SeedAccountAsync(tenantId);

        var missing = await PayAsync(Agent, account.AccountId, null, Card(25m));
        var tooLong = await PayAsync(Agent, account.AccountId, new string('k', 256), Card(25m));

        Assert.All([missing, tooLong], r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
    }

    [Theory]
    [InlineData("tok_visa_decline", "card_declined")]
    [InlineData("tok_visa_insufficient_funds", "insufficient_funds")]
    public async Task A_declined_payment_is_a_422_with_the_decline_code_and_posts_nothing(string token, string declineCode)
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);

        var response = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), Card(25m, token));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(Cancel);
        Assert.Equal(declineCode, problem!["declineCode"].ToString());
        Assert.Empty(await service.OutboxAsync(tenantId, "PaymentPosted"));
        var payment = Assert.Single(await service.InTenantAsync(tenantId, db => db.Payments.ToListAsync(Cancel)));
        Assert.Equal(PaymentStatus.Declined, payment.Status);
        Assert.Empty(await service.InTenantAsync(tenantId, db => db.Journal.ToListAsync(Cancel)));
        Assert.Equal(500m, (await service.InTenantAsync(tenantId, db => db.Accounts.SingleAsync(Cancel))).Balance);
    }

    [Fact]
    public async Task A_retried_decline_answers_the_same_problem_without_charging_again()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var agent = Agent;
        var key = Guid.NewGuid().ToString();

        var first = await PayAsync(agent, account.AccountId, key, Card(25m, "tok_visa_decline"));
        var retry = await PayAsync(agent, account.AccountId, key, Card(25m, "tok_visa_decline"));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await retry.Content.ReadAsStringAsync(Cancel));
        Assert.Single(await service.InTenantAsync(tenantId, db => db.Payments.ToListAsync(Cancel)));
    }

    [Fact]
    public async Task An_approved_payment_posts_exactly_one_PaymentPosted_and_lowers_the_balance()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);

        var response = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), Card(120.50m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payment = await response.Content.ReadFromJsonAsync<PaymentResponse>(Cancel);
        Assert.Equal(("posted", "Visa", "4242"), (payment!.Status, payment.Brand, payment.LastFour));
        var posted = Assert.Single(await service.OutboxAsync(tenantId, "PaymentPosted"));
        Assert.Contains(payment.PaymentId.ToString(), posted.Body, StringComparison.Ordinal);
        Assert.Equal(379.50m, (await service.InTenantAsync(tenantId, db => db.Accounts.SingleAsync(Cancel))).Balance);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(500.01)]
    public async Task An_amount_not_above_zero_or_above_the_balance_is_refused_with_a_problem(decimal amount)
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);

        var response = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), Card(amount));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await service.OutboxAsync(tenantId, "PaymentPosted"));
    }

    [Fact]
    public async Task A_currency_other_than_the_accounts_is_a_422()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);

        var response = await PayAsync(Agent, account.AccountId, Guid.NewGuid().ToString(), Card(10m, currency: "EUR"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task The_consumer_and_the_owning_client_may_pay_and_see_the_payments()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var consumer = service.ClientFor(TestCallers.Consumer(tenantId, account.ConsumerId));
        var client = service.ClientFor(TestCallers.Client(tenantId, account.ClientId));

        Assert.Equal(HttpStatusCode.Created, (await PayAsync(consumer, account.AccountId, Guid.NewGuid().ToString(), Card(10m))).StatusCode);
        service.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, account.AccountId, Guid.NewGuid().ToString(), Ach(10m))).StatusCode);

        var listed = await consumer.GetFromJsonAsync<List<PaymentResponse>>(PaymentsPath(account.AccountId), Cancel);
        Assert.Equal(["pending-settlement", "posted"], listed!.Select(p => p.Status));
    }

    [Fact]
    public async Task Another_tenant_another_client_or_another_consumer_gets_404()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        var strangers = new[]
        {
            service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)),
            service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())),
            service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())),
        };

        foreach (var stranger in strangers)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await PayAsync(stranger, account.AccountId, Guid.NewGuid().ToString(), Card(10m))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(PaymentsPath(account.AccountId), Cancel)).StatusCode);
        }

        Assert.Empty(await service.InTenantAsync(tenantId, db => db.Payments.ToListAsync(Cancel)));
    }

    [Fact]
    public async Task Staff_without_an_agent_role_may_not_take_payments()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);

        var response = await PayAsync(service.ClientFor(TestCallers.Staff(tenantId, Roles.ComplianceOfficer)), account.AccountId, Guid.NewGuid().ToString(), Card(10m));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_payments_with_different_keys_never_take_more_than_the_balance()
    {
        var account = await service.SeedAccountAsync(tenantId, 100m);
        var agent = Agent;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PayAsync(agent, account.AccountId, Guid.NewGuid().ToString(), Card(40m))));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(20m, (await service.InTenantAsync(tenantId, db => db.Accounts.SingleAsync(Cancel))).Balance);
    }

    [Fact]
    public async Task Idempotency_keys_older_than_a_day_are_deleted_and_newer_ones_kept()
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        (await PayAsync(Agent, account.AccountId, "old-key", Card(1m))).EnsureSuccessStatusCode();
        service.Clock.Advance(TimeSpan.FromHours(23));
        (await PayAsync(Agent, account.AccountId, "new-key", Card(1m))).EnsureSuccessStatusCode();
        service.Clock.Advance(TimeSpan.FromHours(2));

        await service.Services.GetRequiredService<IEnumerable<IHostedService>>().OfType<IdempotencyKeyCleanup>().Single().DeleteExpiredAsync(Cancel);

        var keys = await service.InTenantAsync(tenantId, db => db.IdempotentRequests.Select(r => r.Key).ToListAsync(Cancel));
        Assert.Equal(["new-key"], keys);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"amount\":\"lots\",\"currency\":\"USD\",\"paymentToken\":\"tok_visa_approve\",\"method\":\"card\"}")]
    [InlineData("{\"amount\":10,\"currency\":\"usd\",\"paymentToken\":\"tok_visa_approve\",\"method\":\"card\"}")]
    [InlineData("{\"amount\":10,\"currency\":\"USD\",\"paymentToken\":\"tok_visa_approve\",\"method\":\"cash\"}")]
    [InlineData("{\"amount\":10.001,\"currency\":\"USD\",\"paymentToken\":\"tok_visa_approve\",\"method\":\"card\"}")]
    [InlineData("{\"amount\":10,\"currency\":\"USD\",\"paymentToken\":\"4242424242424242\",\"method\":\"card\"}")]
    [InlineData("{\"amount\":10,\"currency\":\"USD\",\"paymentToken\":\"\",\"method\":\"card\"}")]
    [InlineData("{\"amount\":1e30,\"currency\":\"USD\",\"paymentToken\":\"tok_visa_approve\",\"method\":\"card\"}")]
    public async Task Malformed_input_is_a_4xx_problem_never_a_500(string body)
    {
        var account = await service.SeedAccountAsync(tenantId, 500m);
        using var request = new HttpRequestMessage(HttpMethod.Post, PaymentsPath(account.AccountId))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await Agent.SendAsync(request, Cancel);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("4242424242424242", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
