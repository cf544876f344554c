using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Gateway.Apis;

/// <summary>
/// A client business's webhooks: the endpoints where it receives events, and the deliveries of those
/// events with every attempt. Open to client API keys only; a client sees only its own.
/// </summary>
public static class WebhooksApi
{
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(policy => policy
            .RequireClaim(CallerClaims.TenantId)
            .RequireClaim(CallerClaims.ClientId)
            .RequireClaim(CallerClaims.Actor, ActorKinds.Client));

        api.MapPost("/endpoints", RegisterEndpoint)
            .WithSummary("Register a webhook endpoint")
            .WithDescription("An absolute https URL and the event types to send to it. The signing secret is in this response only.");
        api.MapGet("/endpoints", ListEndpoints).WithSummary("List webhook endpoints");
        api.MapDelete("/endpoints/{endpointId:guid}", DeleteEndpoint)
            .WithSummary("Delete a webhook endpoint")
            .WithDescription("Deliveries not yet made are cancelled; the delivery history stays.");
        api.MapPost("/endpoints/{endpointId:guid}/rotate-secret", RotateSecret)
            .WithSummary("Rotate an endpoint's signing secret")
            .WithDescription("Every request from now on is signed with the new secret, which is in this response only.");

        api.MapGet("/deliveries", ListDeliveries)
            .WithSummary("List webhook deliveries")
            .WithDescription($"Newest first, with every attempt. Filter by endpoint and status (Pending, Delivered, Failed, Cancelled); pages of up to {MaxPageSize}.");
        api.MapGet("/deliveries/{deliveryId:guid}", GetDelivery).WithSummary("Get a webhook delivery with its attempts");
        api.MapPost("/deliveries/{deliveryId:guid}/replay", ReplayDelivery)
            .WithSummary("Replay a webhook delivery")
            .WithDescription("Sends the same event (same id, so receivers can deduplicate) again, with a fresh retry window.");
        return app;
    }

    public static async Task<Results<Created<RegisteredWebhookEndpointResponse>, ValidationProblem>> RegisterEndpoint(
        RegisterWebhookEndpointRequest request,
        GatewayDbContext db,
        TenantContext tenant,
        Caller caller,
        WebhookSecrets secrets,
        IOptions<WebhookOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = request.Validate(options.Value.AllowInsecureLoopback, out var url);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var secret = WebhookSecrets.Generate();
        var endpoint = WebhookEndpoint.Register(tenant.RequiredTenantId, caller.ClientId!.Value, url!, request.Events!, secrets.Protect(secret), clock.GetUtcNow());
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/v1/webhooks/endpoints/{endpoint.Id}",
            new RegisteredWebhookEndpointResponse(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.CreatedAt, secret));
    }

    public static async Task<Ok<WebhookEndpointResponse[]>> ListEndpoints(GatewayDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.ClientId == caller.ClientId && e.DeletedAt == null)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(endpoints.Select(WebhookEndpointResponse.From).ToArray());
    }

    public static async Task<Results<NoContent, NotFound>> DeleteEndpoint(
        Guid endpointId, GatewayDbContext db, Caller caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoint = await FindEndpointAsync(db, caller, endpointId, cancellationToken);
        if (endpoint is null)
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        endpoint.Delete(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, WebhookDeliveryStatus.Cancelled).SetProperty(x => x.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<WebhookSecretResponse>, NotFound>> RotateSecret(
        Guid endpointId, GatewayDbContext db, Caller caller, WebhookSecrets secrets, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoint = await FindEndpointAsync(db, caller, endpointId, cancellationToken);
        if (endpoint is null)
        {
            return TypedResults.NotFound();
        }

        var secret = WebhookSecrets.Generate();
        var now = clock.GetUtcNow();
        endpoint.RotateSecret(secrets.Protect(secret), now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new WebhookSecretResponse(endpoint.Id, secret, now));
    }

    public static async Task<Results<Ok<WebhookDeliveryPage>, ValidationProblem>> ListDeliveries(
        GatewayDbContext db, Caller caller, Guid? endpointId, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        WebhookDeliveryStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<WebhookDeliveryStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"One of: {string.Join(", ", Enum.GetNames<WebhookDeliveryStatus>())}."];
            }
        }

        if (page is < 1)
        {
            errors["page"] = ["At least 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var number = page ?? 1;
        var size = pageSize ?? 20;
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.ClientId == caller.ClientId);
        if (endpointId is { } endpoint)
        {
            query = query.Where(d => d.EndpointId == endpoint);
        }

        if (wanted is { } statusFilter)
        {
            query = query.Where(d => d.Status == statusFilter);
        }

        var total = await query.CountAsync(cancellationToken);
        var deliveries = await query
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((number - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryPage(number, size, total, deliveries.Select(WebhookDeliveryResponse.From).ToArray()));
    }

    public static async Task<Results<Ok<WebhookDeliveryResponse>, NotFound>> GetDelivery(
        Guid deliveryId, GatewayDbContext db, Caller caller, CancellationToken cancellationToken) =>
        await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.ClientId == caller.ClientId, cancellationToken) is { } delivery
            ? TypedResults.Ok(WebhookDeliveryResponse.From(delivery))
            : TypedResults.NotFound();

    public static async Task<Results<Accepted<WebhookDeliveryResponse>, NotFound, ProblemHttpResult>> ReplayDelivery(
        Guid deliveryId, GatewayDbContext db, Caller caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.ClientId == caller.ClientId, cancellationToken);
        if (delivery is null)
        {
            return TypedResults.NotFound();
        }

        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Delivery already queued",
                detail: $"The delivery is pending; its next attempt is due at {delivery.NextAttemptAt:O}.",
                type: "https://collections.example/problems/webhook-delivery-pending");
        }

        if (await db.WebhookEndpoints.AnyAsync(e => e.Id == delivery.EndpointId && e.DeletedAt != null, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Endpoint deleted",
                detail: "The delivery's endpoint was deleted; register a new endpoint to receive new events.",
                type: "https://collections.example/problems/webhook-endpoint-deleted");
        }

        delivery.Replay(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replay of the same delivery won the race; the delivery is queued either way.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Delivery already queued",
                detail: "The delivery changed while it was being replayed; it is queued by the other request.",
                type: "https://collections.example/problems/webhook-delivery-pending");
        }

        return TypedResults.Accepted($"/api/v1/webhooks/deliveries/{delivery.Id}", WebhookDeliveryResponse.From(delivery));
    }

    private static Task<WebhookEndpoint?> FindEndpointAsync(GatewayDbContext db, Caller caller, Guid endpointId, CancellationToken cancellationToken) =>
        db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId && e.ClientId == caller.ClientId && e.DeletedAt == null, cancellationToken);
}

/// <summary>An endpoint to register.</summary>
/// <param name="Url">Absolute https URL that accepts POSTed JSON. Plain http only for loopback hosts, where the gateway allows it (development).</param>
/// <param name="Events">Event types to send: account.placed, account.status_changed, payment.posted, payment.reversed, dispute.opened, dispute.resolved, remittance.ready.</param>
public sealed record RegisterWebhookEndpointRequest(string? Url, IReadOnlyList<string>? Events)
{
    public const int MaxUrlLength = 2000;

    /// <summary>Field errors, empty when the request can be registered; <paramref name="url"/> is the parsed URL then.</summary>
    public Dictionary<string, string[]> Validate(bool allowInsecureLoopback, out Uri? url)
    {
        var errors = new Dictionary<string, string[]>();
        url = null;
        if (string.IsNullOrWhiteSpace(Url) || Url.Length > MaxUrlLength || !Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var parsed))
        {
            errors["url"] = [$"An absolute URL of at most {MaxUrlLength} characters is required."];
        }
        else if (!(parsed.Scheme == Uri.UriSchemeHttps || (allowInsecureLoopback && parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback)))
        {
            errors["url"] = [allowInsecureLoopback ? "Must be https (http is accepted for loopback hosts only)." : "Must be https."];
        }
        else if (parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0)
        {
            errors["url"] = ["Must not contain credentials or a fragment."];
        }
        else
        {
            url = parsed;
        }

        if (Events is null || Events.Count == 0)
        {
            errors["events"] = ["At least one event type is required."];
        }
        else if (Events.Where(e => e is null || !WebhookEventTypes.All.Contains(e)).ToArray() is { Length: > 0 } unknown)
        {
            errors["events"] = [$"Unknown event type(s): {string.Join(", ", unknown.Select(e => $"'{e}'"))}. Known: {string.Join(", ", WebhookEventTypes.All)}."];
        }

        return errors;
    }
}

/// <summary>A webhook endpoint, without its secret.</summary>
public sealed record WebhookEndpointResponse(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt)
{
    public static WebhookEndpointResponse From(WebhookEndpoint endpoint) =>
        new(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.CreatedAt, endpoint.SecretRotatedAt);
}

/// <summary>A newly registered endpoint: <paramref name="Secret"/> signs its requests and is shown here once and never again.</summary>
public sealed record RegisteredWebhookEndpointResponse(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string Secret);

/// <summary>An endpoint's new signing secret, shown here once and never again.</summary>
public sealed record WebhookSecretResponse(Guid EndpointId, string Secret, DateTimeOffset RotatedAt);

/// <summary>One page of deliveries, newest first.</summary>
public sealed record WebhookDeliveryPage(int Page, int PageSize, int Total, IReadOnlyList<WebhookDeliveryResponse> Items);

/// <summary>An event on its way to an endpoint, with every attempt so far.</summary>
/// <param name="Id">The delivery's id, to replay it.</param>
/// <param name="EndpointId">The endpoint it goes to.</param>
/// <param name="EventId">Sent as the Collections-Webhook-Id header and the body's id.</param>
/// <param name="EventType">One of the subscribable event types, e.g. account.placed.</param>
/// <param name="Status">Pending, Delivered, Failed or Cancelled (the endpoint was deleted).</param>
/// <param name="CreatedAt">When the event was queued for the endpoint.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried next.</param>
/// <param name="DeliveredAt">When the endpoint answered 2xx.</param>
/// <param name="AttemptCount">Attempts so far, replays included.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    Guid EndpointId,
    Guid EventId,
    string EventType,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    int AttemptCount,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id,
        delivery.EndpointId,
        delivery.EventId,
        delivery.EventType,
        delivery.Status,
        delivery.CreatedAt,
        delivery.NextAttemptAt,
        delivery.DeliveredAt,
        delivery.AttemptCount,
        [.. delivery.Attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptResponse(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs))]);
}

/// <summary>One attempt: when, the receiver's HTTP status code or the error when there was no response, and how long it took.</summary>
public sealed record WebhookAttemptResponse(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);
