using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>
/// What MassTransit cannot do for a dead letter: take one message out of <c>&lt;queue&gt;_error</c> by its id,
/// and put the recorded message back on its queue byte for byte, with its message id and headers. Spoken
/// directly to RabbitMQ with its own short-lived connection, so the bus's connection is never involved.
/// </summary>
public sealed class ErrorQueues(IConfiguration configuration)
{
    /// <summary>Sends <paramref name="letter"/> to its queue as it first arrived and waits for the broker's confirmation.</summary>
    public async Task SendToQueueAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(letter.Headers) ?? [];
        var properties = new BasicProperties
        {
            MessageId = letter.MessageId.ToString(),
            ContentType = letter.ContentType,
            Persistent = true,
            Headers = headers.ToDictionary(h => h.Key, h => (object?)h.Value),
        };

        // The default exchange routes to the queue of that name; mandatory, so a queue that is gone is an error, not a silent drop.
        await channel.BasicPublishAsync("", letter.Queue, mandatory: true, properties, letter.Body, cancellationToken);
    }

    /// <summary>
    /// Removes the copies of <paramref name="messageId"/> from <c>{queue}_error</c>; returns how many. Every other
    /// message taken off while looking goes back to the queue when the channel closes unacknowledged.
    /// </summary>
    public async Task<int> RemoveAsync(string queue, Guid messageId, CancellationToken cancellationToken)
    {
        var errorQueue = $"{queue}_error";
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        uint waiting;
        try
        {
            waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0; // No error queue: nothing to remove.
        }

        var id = messageId.ToString();
        var removed = 0;
        for (var i = 0; i < waiting; i++)
        {
            var message = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (message is null)
            {
                break;
            }

            if (string.Equals(message.BasicProperties.MessageId, id, StringComparison.OrdinalIgnoreCase))
            {
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                removed++;
            }
        }

        await channel.CloseAsync(cancellationToken);
        return removed;
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var uri = configuration.GetConnectionString(MessagingExtensions.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{MessagingExtensions.ConnectionName} (the RabbitMQ URI) is not configured.");
        return new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "dead-letters" }.CreateConnectionAsync(cancellationToken);
    }
}
