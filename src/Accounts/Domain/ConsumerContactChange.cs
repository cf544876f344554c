using System.Text.Json;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>
/// One change of a consumer's contact data: who made it, when, why, and the whole contact data
/// before and after (as JSON), so a disputed consent or number can be traced to its source.
/// </summary>
public sealed class ConsumerContactChange : ITenantOwned
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ConsumerContactChange()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid ConsumerId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>"staff:{subject}", "client:{subject}", "consumer:{subject}", or "event:{type}:{event id}".</summary>
    public string Who { get; private set; } = "";

    public string Why { get; private set; } = "";

    /// <summary>The contact data before the change, as JSON.</summary>
    public string Before { get; private set; } = "";

    /// <summary>The contact data after the change, as JSON.</summary>
    public string After { get; private set; } = "";

    internal static ConsumerContactChange Of(Consumer consumer, ContactData before, ContactData after, ChangeContext context) => new()
    {
        Id = Guid.CreateVersion7(context.At),
        TenantId = consumer.TenantId,
        ConsumerId = consumer.Id,
        At = context.At,
        Who = context.Who,
        Why = context.Why,
        Before = JsonSerializer.Serialize(before, Json),
        After = JsonSerializer.Serialize(after, Json),
    };

    /// <summary>Reads <see cref="Before"/> or <see cref="After"/> back.</summary>
    public static ContactData Read(string json) => JsonSerializer.Deserialize<ContactData>(json, Json) ?? ContactData.None;
}
