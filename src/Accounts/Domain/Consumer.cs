using Collections.BuildingBlocks.Tenancy;

namespace Collections.Accounts.Domain;

/// <summary>
/// A person who owes one or more of the tenant's accounts, whichever clients placed them. The
/// date of birth and postal code are what the consumer proves in the portal to see their accounts.
/// </summary>
public sealed class Consumer : ITenantOwned
{
    private Consumer()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public string FirstName { get; private set; } = "";

    public string LastName { get; private set; } = "";

    public DateOnly? DateOfBirth { get; private set; }

    /// <summary>As the client gave it; compared with <see cref="PostalCodes.AreSame"/>.</summary>
    public string? PostalCode { get; private set; }

    /// <summary>Whether both facts a consumer signs in with are known.</summary>
    public bool CanBeRecognised => DateOfBirth is not null && PostalCode is not null;

    /// <summary>Postal addresses, each with its time zone.</summary>
    public List<ConsumerAddress> Addresses { get; private set; } = [];

    /// <summary>Phone numbers in E.164, each with its type, TCPA consent and area-code time zone.</summary>
    public List<ConsumerPhone> Phones { get; private set; } = [];

    /// <summary>Email addresses with the consumer's consent to each.</summary>
    public List<ConsumerEmail> Emails { get; private set; } = [];

    /// <summary>BCP 47 tag of the language the consumer wants to be addressed in, e.g. "es"; null when unknown.</summary>
    public string? Language { get; private set; }

    /// <summary>
    /// What search looks numbers and emails up by: "tel:+16175550123", "email:ann@example.com"
    /// (lower case). Kept in step with <see cref="Phones"/> and <see cref="Emails"/>.
    /// </summary>
    public string[] ContactKeys { get; private set; } = [];

    /// <summary>The contact data as one value.</summary>
    public ContactData Contact => new(Addresses, Phones, Emails, Language);

    /// <summary>Every IANA zone known for the consumer, from addresses and phone area codes, distinct and sorted.</summary>
    public IReadOnlyList<string> TimeZones =>
        [.. Addresses.Select(a => a.TimeZone).Concat(Phones.Select(p => p.TimeZone)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    public static Consumer Register(Guid tenantId, StatedConsumer stated, DateTimeOffset now)
    {
        var consumer = new Consumer
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            FirstName = stated.FirstName,
            LastName = stated.LastName,
            DateOfBirth = stated.DateOfBirth,
            PostalCode = stated.PostalCode,
        };
        consumer.Use(stated.Contact ?? ContactData.None);
        return consumer;
    }

    /// <summary>
    /// Replaces the contact data, keeping what it was in the returned history entry; null when
    /// nothing changed (nothing is recorded then).
    /// </summary>
    public ConsumerContactChange? ChangeContact(ContactData next, ChangeContext context)
    {
        var before = Contact;
        if (before.IsSameAs(next))
        {
            return null;
        }

        Use(next);
        return ConsumerContactChange.Of(this, before, next, context);
    }

    /// <summary>Adds what a later placement states about a recognised consumer (new numbers, emails, addresses); null when it adds nothing.</summary>
    public ConsumerContactChange? AddStatedContact(ContactData? stated, ChangeContext context) =>
        stated is null || stated.IsEmpty ? null : ChangeContact(Contact.Merge(stated), context);

    private void Use(ContactData data)
    {
        Addresses = [.. data.Addresses];
        Phones = [.. data.Phones];
        Emails = [.. data.Emails];
        Language = data.Language;
        ContactKeys = [.. data.Phones.Select(p => PhoneKey(p.Number)).Concat(data.Emails.Select(e => EmailKey(e.Address))).Distinct()];
    }

    /// <summary>The <see cref="ContactKeys"/> entry of an E.164 number.</summary>
    public static string PhoneKey(string e164) => "tel:" + e164;

    /// <summary>The <see cref="ContactKeys"/> entry of an email address.</summary>
    public static string EmailKey(string email) => "email:" + email.Trim().ToLowerInvariant();

    /// <summary>
    /// Whether a placement's consumer is this person. With a date of birth and postal code on both
    /// sides the same last name is enough (first names vary: "Bob", "Robert"); without them a person
    /// cannot be told apart from a namesake, so only an identical statement is the same consumer.
    /// </summary>
    public bool IsIdentifiedBy(StatedConsumer stated) =>
        CanBeRecognised && stated.CanBeRecognised
            ? string.Equals(LastName, stated.LastName, StringComparison.OrdinalIgnoreCase)
              && DateOfBirth == stated.DateOfBirth
              && PostalCodes.AreSame(PostalCode, stated.PostalCode)
            : FirstName == stated.FirstName
              && LastName == stated.LastName
              && DateOfBirth == stated.DateOfBirth
              && PostalCodes.AreSame(PostalCode, stated.PostalCode);

    /// <summary>Whether what someone states at portal sign-in is this consumer's date of birth and postal code.</summary>
    public bool IsProvenBy(DateOnly dateOfBirth, string postalCode) =>
        CanBeRecognised && DateOfBirth == dateOfBirth && PostalCodes.AreSame(PostalCode, postalCode);
}

/// <summary>The consumer as a placement states it; <paramref name="Contact"/> is what it says about reaching them, if anything.</summary>
public sealed record StatedConsumer(string FirstName, string LastName, DateOnly? DateOfBirth, string? PostalCode, ContactData? Contact = null)
{
    public bool CanBeRecognised => DateOfBirth is not null && PostalCode is not null;
}

/// <summary>How postal codes compare: people and systems write the same code differently.</summary>
public static class PostalCodes
{
    /// <summary>
    /// Same code ignoring case and spaces; a US ZIP+4 ("02139-4307") is the same as its five-digit
    /// ZIP, since many records carry only the five digits. Two missing codes are the same.
    /// </summary>
    public static bool AreSame(string? left, string? right) =>
        left is null || right is null ? left is null && right is null : Comparable(left) == Comparable(right);

    private static string Comparable(string code)
    {
        var compact = string.Concat(code.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return IsZipPlusFour(compact) ? compact[..5] : compact;
    }

    private static bool IsZipPlusFour(string code) =>
        (code.Length == 10 && code[5] == '-' && code.Remove(5, 1).All(char.IsAsciiDigit))
        || (code.Length == 9 && code.All(char.IsAsciiDigit));
}
