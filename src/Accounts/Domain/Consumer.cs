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

    public static Consumer Register(Guid tenantId, StatedConsumer stated, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        FirstName = stated.FirstName,
        LastName = stated.LastName,
        DateOfBirth = stated.DateOfBirth,
        PostalCode = stated.PostalCode,
    };

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

/// <summary>The consumer as a placement states it.</summary>
public sealed record StatedConsumer(string FirstName, string LastName, DateOnly? DateOfBirth, string? PostalCode)
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
