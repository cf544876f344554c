using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>One contact attempt about one account, as made and recorded: the history the compliance engine reads.</summary>
public sealed class RecordedContact : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }

    public ContactChannel Channel { get; set; }

    public string? PhoneNumber { get; set; }

    public PhoneNumberType? PhoneNumberType { get; set; }

    public string? EmailAddress { get; set; }

    public ContactOutcome Outcome { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who recorded it: the staff user's id or the channel adapter.</summary>
    public string RecordedBy { get; set; } = "";

    public ContactAttempt ToAttempt() => new(
        Channel,
        At,
        Outcome,
        PhoneNumber is null ? null : new PhoneNumber(PhoneNumber, PhoneNumberType ?? Compliance.PhoneNumberType.Landline));
}
