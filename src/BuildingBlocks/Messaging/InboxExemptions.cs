using MassTransit;

namespace Collections.BuildingBlocks.Messaging;

/// <summary>
/// Consumers that record their messages in the inbox themselves, many messages per transaction (a batching
/// projection), so <see cref="InboxFilter{TMessage}"/> passes their messages through untouched. Such a consumer must
/// insert each message's (message id, queue) into the inbox in the transaction that applies it and skip the
/// message when the row is already there, exactly as the filter would.
/// </summary>
public sealed class InboxExemptions
{
    private readonly List<Func<IEndpointNameFormatter, string>> queues = [];

    /// <summary>Exempts the queue of <typeparamref name="TConsumer"/> (named by the bus's endpoint name formatter).</summary>
    public InboxExemptions Add<TConsumer>()
        where TConsumer : class, IConsumer
    {
        queues.Add(formatter => formatter.Consumer<TConsumer>());
        return this;
    }

    /// <summary>True when messages arriving on <paramref name="queue"/> are recorded in the inbox by their consumer.</summary>
    public bool Contains(string queue, IEndpointNameFormatter formatter) => queues.Exists(name => name(formatter) == queue);
}
