using System.Security.Cryptography;
using Collections.BuildingBlocks.Tenancy;
using Collections.Gateway.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collections.Gateway.Webhooks;

/// <summary>
/// Sends due deliveries, a few at a time. Each is claimed with <c>FOR UPDATE SKIP LOCKED</c> by
/// pushing its due time past the request timeout, so gateway instances never send the same one at
/// once and a crash mid-attempt only delays it. Each attempt is logged, then the delivery is marked
/// delivered, rescheduled by <see cref="WebhookRetrySchedule"/>, or failed.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    WebhookSecrets secrets,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>Added to the request timeout: how long a claim outlives the attempt it was made for.</summary>
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromMinutes(1);

    private readonly WebhookRetrySchedule schedule = WebhookRetrySchedule.From(options.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and migrate) before the first claim.
        await Task.Yield();
        var inFlight = new List<Task>();
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            var free = settings.MaxConcurrentDeliveries - inFlight.Count;
            IReadOnlyList<Guid> claimed = [];
            if (free > 0)
            {
                try
                {
                    claimed = await ClaimDueAsync(free, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Claiming due webhook deliveries failed; retrying");
                }

                inFlight.AddRange(claimed.Select(id => DeliverAsync(id, stoppingToken)));
            }

            if (free > 0 && claimed.Count == free)
            {
                continue;
            }

            try
            {
                var poll = Task.Delay(settings.PollInterval, clock, stoppingToken);
                await (inFlight.Count == 0 ? poll : Task.WhenAny(poll, Task.WhenAny(inFlight)));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task<IReadOnlyList<Guid>> ClaimDueAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = clock.GetUtcNow();
        var claimedUntil = now + options.Value.RequestTimeout + ClaimMargin;
        var pending = nameof(WebhookDeliveryStatus.Pending);
        return await db.Database.SqlQuery<Guid>(
            $"""
            UPDATE webhook_deliveries SET "NextAttemptAt" = {claimedUntil}
            WHERE "Id" IN (
                SELECT "Id" FROM webhook_deliveries
                WHERE "Status" = {pending} AND "NextAttemptAt" <= {now}
                ORDER BY "NextAttemptAt"
                LIMIT {count}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Makes one attempt at a claimed delivery and records its outcome; never throws.</summary>
    private async Task DeliverAsync(Guid deliveryId, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();

            // The claim is across tenants; from here on the scope is the delivery's tenant.
            var delivery = await db.WebhookDeliveries.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Id == deliveryId, stoppingToken);
            if (delivery is not { Status: WebhookDeliveryStatus.Pending })
            {
                return;
            }

            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(delivery.TenantId);
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == delivery.EndpointId, stoppingToken);
            if (endpoint is null || endpoint.IsDeleted)
            {
                delivery.Cancel();
                await db.SaveChangesAsync(stoppingToken);
                return;
            }

            var startedAt = clock.GetUtcNow();
            WebhookResponse response;
            try
            {
                response = await sender.SendAsync(endpoint.Url, secrets.Reveal(endpoint.ProtectedSecret), delivery, stoppingToken);
            }
            catch (CryptographicException ex)
            {
                logger.LogError(ex, "The signing secret of webhook endpoint {EndpointId} cannot be decrypted; the client must rotate it", endpoint.Id);
                response = new WebhookResponse(null, "The endpoint's signing secret is unavailable; rotate it.");
            }

            delivery.RecordAttempt(startedAt, clock.GetUtcNow(), response.StatusCode, response.Error, schedule, Random.Shared.NextDouble());
            await db.SaveChangesAsync(CancellationToken.None);
            if (delivery.Status != WebhookDeliveryStatus.Delivered)
            {
                logger.LogInformation(
                    "Webhook delivery {DeliveryId} of event {EventId} attempt {Attempt} failed ({StatusCode} {Error}); now {Status}, next attempt at {NextAttemptAt}",
                    delivery.Id, delivery.EventId, delivery.AttemptCount, response.StatusCode, response.Error, delivery.Status, delivery.NextAttemptAt);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the claim runs out and another instance (or the next start) tries again.
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Webhook delivery {DeliveryId} was cancelled or replayed during its attempt; that change stands", deliveryId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Webhook delivery {DeliveryId} could not be attempted; it is tried again when its claim runs out", deliveryId);
        }
    }
}
