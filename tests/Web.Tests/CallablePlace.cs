namespace Collections.Web.Tests;

/// <summary>
/// A US state or territory where a consumer may be called now. The compliance engine allows a call only between 08:00
/// and 21:00 in every zone of the account's jurisdiction, of the consumer's address and of the phone's area code, so
/// the agent tests place their consumer where it is day when they run: jurisdiction, address (with its zone set
/// explicitly, as a person overriding the derived zone would) and area code all in one single-zone place.
/// </summary>
/// <remarks>
/// From Guam (UTC+10) to American Samoa (UTC-11) these places cover every hour but 11:00–12:00 UTC, when it is
/// past 21:00 in Guam and before 08:00 in Puerto Rico: at that hour no consumer anywhere in the US may be called.
/// </remarks>
public sealed record CallablePlace(string Jurisdiction, string City, string PostalCode, string AreaCode, string TimeZone)
{
    // A call happens within minutes of choosing the place; the margins cover a slow run (the hold test waits up to 90 s
    // for the hold, and the services up to 180 s for the account).
    private static readonly TimeSpan Earliest = new(8, 10, 0);
    private static readonly TimeSpan Latest = new(20, 40, 0);
    private static readonly TimeSpan Midday = new(14, 30, 0);

    private static readonly CallablePlace[] Places =
    [
        new("GU", "Hagatna", "96910", "671", "Pacific/Guam"),
        new("NY", "New York", "10001", "212", "America/New_York"),
        new("PR", "San Juan", "00901", "787", "America/Puerto_Rico"),
        new("IL", "Chicago", "60601", "312", "America/Chicago"),
        new("CO", "Denver", "80202", "303", "America/Denver"),
        new("CA", "Los Angeles", "90012", "213", "America/Los_Angeles"),
        new("HI", "Honolulu", "96813", "808", "Pacific/Honolulu"),
        new("AS", "Pago Pago", "96799", "684", "Pacific/Pago_Pago"),
    ];

    /// <summary>The place where it is closest to mid-afternoon at <paramref name="now"/> and a call is allowed for the next hours; null when there is none.</summary>
    public static CallablePlace? At(DateTimeOffset now) => Places
        .Select(place => (Place: place, Local: place.LocalTime(now)))
        .Where(p => p.Local >= Earliest && p.Local <= Latest)
        .OrderBy(p => (p.Local - Midday).Duration())
        .Select(p => p.Place)
        .FirstOrDefault();

    /// <summary>A fictional (555-01xx) number with the place's area code.</summary>
    public string Phone(int line = 47) => $"+1{AreaCode}55501{line:D2}";

    public TimeSpan LocalTime(DateTimeOffset now) =>
        TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).TimeOfDay;

    public override string ToString() => $"{City}, {Jurisdiction} ({TimeZone})";
}
