using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Contracts.Events;
using Collections.Gateway.Apis;
using Collections.Gateway.Webhooks;
using Collections.IntegrationTesting;

namespace Collections.Webhooks.Tests;

/// <summary>Events from the bus through the gateway's consumer and dispatcher to a real HTTP receiver.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EventDeliveryTests(GatewayApp gateway)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_placed_account_reaches_the_subscribed_endpoint_signed_with_its_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        var placed = GatewayApp.Placed(client, "A-2001");

        await gateway.PublishAsync(placed);

        var received = (await ReceivedAsync(receiver, 1)).Single();
        Assert.Equal(placed.EventId.ToString(), received.Id);
        Assert.Equal("application/json; charset=utf-8", received.ContentType);
        Assert.True(WebhookSignature.Verify(endpoint.Secret, long.Parse(received.Timestamp, CultureInfo.InvariantCulture), received.Body, received.Signature, WebhookSignature.DefaultTolerance));
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal(placed.EventId, root.GetProperty("id").GetGuid());
        Assert.Equal("account.placed", root.GetProperty("type").GetString());
        Assert.Equal(client.TenantId, root.GetProperty("tenantId").GetGuid());
        Assert.Equal(client.Id, root.GetProperty("clientId").GetGuid());
        Assert.Equal("A-2001", root.GetProperty("data").GetProperty("clientReference").GetString());
        Assert.Equal(1315.15m, root.GetProperty("data").GetProperty("placedBalance").GetDecimal());
    }

    [Fact]
    public async Task A_posted_payment_reaches_payment_posted_subscribers_only()
    {
        await using var paymentsReceiver = await WebhookReceiver.StartAsync();
        await using var placementsReceiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        await client.RegisterEndpointAsync(paymentsReceiver.Url, WebhookEventTypes.PaymentPosted);
        var placementsEndpoint = await client.RegisterEndpointAsync(placementsReceiver.Url, WebhookEventTypes.AccountPlaced);
        var posted = new PaymentPosted
        {
            TenantId = client.TenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            PaymentId = Guid.NewGuid(),
            AccountId = Guid.NewGuid(),
            ClientId = client.Id,
            Amount = 125.40m,
            Currency = "USD",
            Method = "card",
        };

        await gateway.PublishEventAsync(posted);

        var received = (await ReceivedAsync(paymentsReceiver, 1)).Single();
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("payment.posted", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(posted.PaymentId, body.RootElement.GetProperty("data").GetProperty("paymentId").GetGuid());
        Assert.Equal(125.40m, body.RootElement.GetProperty("data").GetProperty("amount").GetDecimal());
        // The event was consumed (deliveries are queued while consuming), and none was queued for the other type.
        Assert.Equal(1, await gateway.ProcessedAsync(posted.EventId));
        Assert.Empty((await client.DeliveriesAsync(placementsEndpoint.Id)).Items);
    }

    [Fact]
    public async Task A_request_for_verification_documents_reaches_the_client_with_its_respond_by_instant()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.DisputeVerificationRequested);
        var respondBy = new DateTimeOffset(2026, 12, 10, 17, 0, 0, TimeSpan.Zero);
        var requested = new VerificationDocumentsRequested
        {
            TenantId = client.TenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            DisputeId = Guid.NewGuid(),
            AccountId = Guid.NewGuid(),
            ClientId = client.Id,
            Reason = "wrong-amount",
            RespondBy = respondBy,
        };

        await gateway.PublishEventAsync(requested);

        var received = (await ReceivedAsync(receiver, 1)).Single();
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("dispute.verification_requested", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(requested.DisputeId, data.GetProperty("disputeId").GetGuid());
        Assert.Equal(requested.AccountId, data.GetProperty("accountId").GetGuid());
        Assert.Equal("wrong-amount", data.GetProperty("reason").GetString());
        Assert.Equal(respondBy, data.GetProperty("respondBy").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_once_successfully_after_four_logged_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(call => call <= 3 ? 500 : 200);
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        var placed = GatewayApp.Placed(client);

        await gateway.PublishAsync(placed);

        var delivery = await DeliveredAsync(client, endpoint.Id);
        Assert.Equal(4, delivery.AttemptCount);
        Assert.Equal([1, 2, 3, 4], delivery.Attempts.Select(a => a.Number));
        Assert.Equal([500, 500, 500, 200], delivery.Attempts.Select(a => a.StatusCode));
        Assert.All(delivery.Attempts, a => Assert.True(a.DurationMs >= 0));
        Assert.Equal([500, 500, 500, 200], receiver.Received.Select(r => r.AnsweredWith));
        Assert.All(receiver.Received, r => Assert.Equal(placed.EventId.ToString(), r.Id));
    }

    [Fact]
    public async Task The_same_event_published_twice_is_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        var placed = GatewayApp.Placed(client);
        Guid[] messageIds = [Guid.NewGuid(), Guid.NewGuid()];

        // Two message ids, so the inbox does not catch the second: the delivery's own uniqueness must.
        await gateway.PublishAsync(placed, messageIds[0]);
        await gateway.PublishAsync(placed, messageIds[1]);

        await Eventually.Until(() => gateway.ProcessedAsync(messageIds), n => n == 2, Deadline, "both messages to be consumed");
        await DeliveredAsync(client, endpoint.Id);
        Assert.Single((await client.DeliveriesAsync()).Items);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task An_event_reaches_only_the_endpoints_of_the_client_it_concerns()
    {
        await using var ownReceiver = await WebhookReceiver.StartAsync();
        await using var otherReceiver = await WebhookReceiver.StartAsync();
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);
        var other = await gateway.AddClientAsync(tenant);
        var endpoint = await client.RegisterEndpointAsync(ownReceiver.Url, WebhookEventTypes.AccountPlaced);
        await other.RegisterEndpointAsync(otherReceiver.Url, WebhookEventTypes.AccountPlaced);
        var placed = GatewayApp.Placed(client);

        await gateway.PublishAsync(placed);

        await Eventually.Until(() => gateway.ProcessedAsync(placed.EventId), n => n == 1, Deadline, "the event to be consumed");
        await DeliveredAsync(client, endpoint.Id);
        Assert.Single(ownReceiver.Received);
        Assert.Empty((await other.DeliveriesAsync()).Items);
        Assert.Empty(otherReceiver.Received);
    }

    [Fact]
    public async Task An_endpoint_not_subscribed_to_the_event_type_gets_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.PaymentPosted);
        var placed = GatewayApp.Placed(client);

        await gateway.PublishAsync(placed);

        await Eventually.Until(() => gateway.ProcessedAsync(placed.EventId), n => n == 1, Deadline, "the event to be consumed");
        Assert.Empty((await client.DeliveriesAsync()).Items);
    }

    [Fact]
    public async Task Another_clients_key_can_neither_see_nor_replay_a_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);
        var sameTenant = await gateway.AddClientAsync(tenant);
        var otherTenant = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        await gateway.PublishAsync(GatewayApp.Placed(client));
        var delivery = await DeliveredAsync(client, endpoint.Id);

        foreach (var stranger in new[] { sameTenant, otherTenant })
        {
            Assert.Empty((await stranger.DeliveriesAsync()).Items);
            Assert.Empty((await stranger.DeliveriesAsync(endpoint.Id)).Items);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/v1/webhooks/deliveries/{delivery.Id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsync($"/api/v1/webhooks/deliveries/{delivery.Id}/replay", null, Ct)).StatusCode);
        }

        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Replaying_a_delivery_sends_the_same_event_id_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        var placed = GatewayApp.Placed(client);
        await gateway.PublishAsync(placed);
        var delivery = await DeliveredAsync(client, endpoint.Id);

        var replay = await client.Http.PostAsync($"/api/v1/webhooks/deliveries/{delivery.Id}/replay", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var received = await ReceivedAsync(receiver, 2);
        Assert.All(received, r => Assert.Equal(placed.EventId.ToString(), r.Id));
        Assert.Equal(received[0].Body, received[1].Body);
        var replayed = await DeliveredAsync(client, endpoint.Id, attempts: 2);
        Assert.Equal(delivery.Id, replayed.Id);
    }

    [Fact]
    public async Task Replaying_a_delivery_that_is_still_being_retried_is_a_conflict()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 503);
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        await gateway.PublishAsync(GatewayApp.Placed(client));
        await ReceivedAsync(receiver, 1);
        var delivery = (await client.DeliveriesAsync(endpoint.Id)).Items.Single();

        var replay = await client.Http.PostAsync($"/api/v1/webhooks/deliveries/{delivery.Id}/replay", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task After_a_rotation_requests_are_signed_with_the_new_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        var rotation = await client.Http.PostAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}/rotate-secret", null, Ct);
        var newSecret = (await rotation.Content.ReadFromJsonAsync<WebhookSecretResponse>(GatewayApp.Json, Ct))!.Secret;

        await gateway.PublishAsync(GatewayApp.Placed(client));

        var received = (await ReceivedAsync(receiver, 1)).Single();
        var timestamp = long.Parse(received.Timestamp, CultureInfo.InvariantCulture);
        Assert.True(WebhookSignature.Verify(newSecret, timestamp, received.Body, received.Signature, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(endpoint.Secret, timestamp, received.Body, received.Signature, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public async Task Deleting_an_endpoint_cancels_its_pending_deliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 503);
        var client = await gateway.OnboardClientAsync();
        var endpoint = await client.RegisterEndpointAsync(receiver.Url, WebhookEventTypes.AccountPlaced);
        await gateway.PublishAsync(GatewayApp.Placed(client));
        await ReceivedAsync(receiver, 1);

        await client.Http.DeleteAsync($"/api/v1/webhooks/endpoints/{endpoint.Id}", Ct);

        var delivery = await Eventually.Until(
            async () => (await client.DeliveriesAsync(endpoint.Id)).Items.Single(),
            d => d.Status == WebhookDeliveryStatus.Cancelled,
            Deadline,
            "the delivery to be cancelled");
        Assert.Null(delivery.NextAttemptAt);
    }

    private static Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(WebhookReceiver receiver, int count) =>
        Eventually.Until(() => Task.FromResult(receiver.Received), r => r.Count >= count, Deadline, $"{count} request(s) at the receiver");

    private static async Task<WebhookDeliveryResponse> DeliveredAsync(TestClient client, Guid endpointId, int attempts = 1) =>
        (await Eventually.Until(
            async () => (await client.DeliveriesAsync(endpointId)).Items.SingleOrDefault(),
            d => d is { Status: WebhookDeliveryStatus.Delivered } && d.AttemptCount >= attempts,
            Deadline,
            "the delivery to succeed"))!;
}
