using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;

namespace Collections.Outreach.Channels;

/// <summary>A rendered message on its way to the consumer.</summary>
public sealed record OutboundMessage(
    Guid TenantId, Guid AccountId, Guid ConsumerId, ContactChannel Channel, string To, string? Subject, string Body, string Language, Guid? PlannedContactId);

/// <summary>Sends emails.</summary>
public interface IEmailChannel
{
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends text messages.</summary>
public interface ISmsChannel
{
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Hands print-ready letters to a print vendor.</summary>
public interface ILetterChannel
{
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The development provider of every channel: delivers a message by keeping it in Outreach's database (saved with the
/// caller's unit of work), where <c>GET …/accounts/{id}/messages</c> shows it to staff and to the consumer.
/// </summary>
public sealed class DevelopmentMailbox(OutreachDbContext db, TimeProvider clock) : IEmailChannel, ISmsChannel, ILetterChannel
{
    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        db.SentMessages.Add(new SentMessage
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            TenantId = message.TenantId,
            AccountId = message.AccountId,
            ConsumerId = message.ConsumerId,
            Channel = message.Channel,
            To = message.To,
            Subject = message.Subject,
            Body = message.Body,
            Language = message.Language,
            PlannedContactId = message.PlannedContactId,
            SentAt = clock.GetUtcNow(),
        });
        return Task.CompletedTask;
    }
}
