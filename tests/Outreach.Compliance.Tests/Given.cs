namespace Collections.Outreach.Compliance.Tests;

/// <summary>The vocabulary of the scenarios: zones, numbers, local instants and histories.</summary>
internal static class Given
{
    public const string NewYork = "America/New_York";
    public const string Chicago = "America/Chicago";
    public const string LosAngeles = "America/Los_Angeles";
    public const string Phoenix = "America/Phoenix";
    public const string Honolulu = "Pacific/Honolulu";

    public static readonly PhoneNumber Mobile = new("+16175550101", PhoneNumberType.Mobile);
    public static readonly PhoneNumber Landline = new("+16175550102", PhoneNumberType.Landline);
    public static readonly PhoneNumber WorkPhone = new("+16175550103", PhoneNumberType.Work);
    public const string EmailAddress = "consumer@example.com";

    public static readonly ContactPolicy Policy = new();

    /// <summary>The instant at which it is the given wall-clock time in <paramref name="zone"/>, converted by the BCL rather than by the engine.</summary>
    public static DateTimeOffset Local(string zone, int year, int month, int day, int hour, int minute = 0, int second = 0)
    {
        var wallClock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(wallClock, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A New York consumer under federal rules only, with <paramref name="history"/>.</summary>
    public static ContactContext NewYorker(params ContactAttempt[] history) => new()
    {
        Jurisdiction = "NY",
        TimeZones = [NewYork],
        History = new ContactHistory(history),
    };

    public static ContactAttempt Call(DateTimeOffset at, ContactOutcome outcome = ContactOutcome.NoAnswer, PhoneNumber? phone = null) =>
        new(ContactChannel.Call, at, outcome, phone ?? Landline);

    /// <summary>Unanswered calls to the landline at 10:00 New York time on each given day of June 2026.</summary>
    public static ContactAttempt[] UnansweredCallsInJune(params int[] days) =>
        [.. days.Select(day => Call(Local(NewYork, 2026, 6, day, 10)))];

    public static ContactDecision Decide(ContactRequest request, ContactContext context) => Policy.Decide(request, context);
}
