using System.Text;
using System.Text.Json;
using Collections.BuildingBlocks.Tenancy;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>Failed deliveries of the message being received, counted by the inbox around each attempt.</summary>
internal sealed class FailedDeliveries
{
    private int count;

    public int Count => count;

    public void Add() => Interlocked.Increment(ref count);
}

/// <summary>
/// First step of every receive endpoint's error pipe: records the message whose retries ran out in the
/// service's own database (<see cref="DeadLetter"/>), then lets MassTransit publish its fault and move it to
/// <c>&lt;queue&gt;_error</c> with the fault headers. If the record cannot be written (the database is down) the
/// step throws, the message is not acknowledged and comes back: nothing is dropped without a record.
/// Recording the same message again (a replay that failed again) updates its row and makes it pending again.
/// </summary>
internal sealed class DeadLetterRecorder(IServiceScopeFactory scopes, Type contextType, TimeProvider clock, ILogger<DeadLetterRecorder> logger)
    : IFilter<ExceptionReceiveContext>
{
    internal const int MaxExceptionMessageLength = 4000;

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var body = context.Body.GetBytes();
        var envelope = Envelope.Read(body);
        var headers = context.TransportHeaders.GetAll()
            .Where(header => !IsFaultHeader(header.Key))
            .Select(header => (header.Key, Value: HeaderText(header.Value)))
            .Where(header => header.Value is not null)
            .GroupBy(header => header.Key)
            .ToDictionary(group => group.Key, group => group.First().Value);
        var tenantId = envelope.TenantId
            ?? (headers.TryGetValue(TenantHeaders.TenantId, out var tenantHeader) && Guid.TryParse(tenantHeader, out var headerTenant) ? headerTenant : null);
        var messageId = envelope.MessageId
            ?? (headers.TryGetValue("MessageId", out var idHeader) && Guid.TryParse(idHeader, out var headerId) ? headerId : Guid.NewGuid());
        var queue = QueueName(context.InputAddress);
        var attempts = Math.Max(1, context.TryGetPayload(out FailedDeliveries? failed) ? failed.Count : 1);
        var exception = context.Exception.GetBaseException();
        var exceptionMessage = exception.Message.Length > MaxExceptionMessageLength ? exception.Message[..MaxExceptionMessageLength] : exception.Message;
        var now = clock.GetUtcNow();

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = (DbContext)scope.ServiceProvider.GetRequiredService(contextType);

            // Written even when the receive is being cancelled (shutdown): the move to the error queue follows.
            await db.Database.ExecuteSqlRawAsync(
                $"""
                INSERT INTO {MessagingModel.DeadLetterTable} (id, message_id, queue, message_type, tenant_id, body, content_type, headers,
                    first_failed_at, last_failed_at, attempts, exception_type, exception_message, stack_trace, status, replay_count)
                VALUES (@id, @message_id, @queue, @message_type, @tenant_id, @body, @content_type, @headers,
                    @failed_at, @failed_at, @attempts, @exception_type, @exception_message, @stack_trace, '{DeadLetterStatus.Pending}', 0)
                ON CONFLICT (queue, message_id) DO UPDATE SET
                    last_failed_at = excluded.last_failed_at,
                    attempts = {MessagingModel.DeadLetterTable}.attempts + excluded.attempts,
                    exception_type = excluded.exception_type,
                    exception_message = excluded.exception_message,
                    stack_trace = excluded.stack_trace,
                    status = '{DeadLetterStatus.Pending}'
                """,
                [
                    new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = Guid.NewGuid() },
                    new NpgsqlParameter("message_id", NpgsqlDbType.Uuid) { Value = messageId },
                    new NpgsqlParameter("queue", NpgsqlDbType.Varchar) { Value = queue },
                    new NpgsqlParameter("message_type", NpgsqlDbType.Varchar) { Value = envelope.MessageType ?? "unknown" },
                    new NpgsqlParameter("tenant_id", NpgsqlDbType.Uuid) { Value = (object?)tenantId ?? DBNull.Value },
                    new NpgsqlParameter("body", NpgsqlDbType.Bytea) { Value = body },
                    new NpgsqlParameter("content_type", NpgsqlDbType.Varchar) { Value = (object?)context.ContentType?.ToString() ?? DBNull.Value },
                    new NpgsqlParameter("headers", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(headers) },
                    new NpgsqlParameter("failed_at", NpgsqlDbType.TimestampTz) { Value = now },
                    new NpgsqlParameter("attempts", NpgsqlDbType.Integer) { Value = attempts },
                    new NpgsqlParameter("exception_type", NpgsqlDbType.Varchar) { Value = Truncate(exception.GetType().FullName ?? exception.GetType().Name, 500) },
                    new NpgsqlParameter("exception_message", NpgsqlDbType.Varchar) { Value = exceptionMessage },
                    new NpgsqlParameter("stack_trace", NpgsqlDbType.Text) { Value = (object?)exception.StackTrace ?? DBNull.Value },
                ],
                CancellationToken.None);
        }

        logger.LogError(context.Exception, "Message {MessageId} ({MessageType}) of tenant {TenantId} failed in {Queue} after {Attempts} attempts; moved to {Queue}_error and recorded as a dead letter",
            messageId, envelope.MessageType, tenantId, queue, attempts, queue);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("dead-letter-record");

    /// <summary>The queue name of a receive address (<c>rabbitmq://host/vhost/queue</c>).</summary>
    internal static string QueueName(Uri inputAddress) => inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];

    // Headers the error transport adds or that describe this delivery: a replay starts without them.
    private static bool IsFaultHeader(string key) =>
        key.StartsWith("MT-Fault", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("MT-Reason", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("MT-Redelivery", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("x-death", StringComparison.OrdinalIgnoreCase);

    private static string? HeaderText(object? value) => value switch
    {
        null => null,
        string text => text,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        Guid or bool or int or long or short or byte or decimal or double or float or DateTime or DateTimeOffset or Uri => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>What the MassTransit JSON envelope says about the message, as far as it can be read.</summary>
    private readonly record struct Envelope(Guid? MessageId, string? MessageType, Guid? TenantId)
    {
        public static Envelope Read(byte[] body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                Guid? messageId = root.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var parsedId) ? parsedId : null;
                string? messageType = null;
                if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                {
                    // "urn:message:Collections.Contracts.Events:AccountPlaced" → "AccountPlaced"
                    messageType = types[0].GetString()?.Split(':')[^1];
                }

                Guid? tenantId = root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("tenantId", out var tenant) && tenant.ValueKind == JsonValueKind.String && Guid.TryParse(tenant.GetString(), out var parsedTenant)
                    ? parsedTenant
                    : null;
                return new Envelope(messageId, messageType is { Length: > 0 and <= 300 } ? messageType : null, tenantId);
            }
            catch (JsonException)
            {
                // A body that is not JSON is still a dead letter; it is recorded with what the headers say.
                return default;
            }
        }
    }
}
