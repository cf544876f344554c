using Collections.Outreach.Compliance;

namespace Collections.Benchmarks;

/// <summary>
/// Decisions a dialer and a campaign scheduler ask for in a day: accounts in federal-only and Massachusetts
/// jurisdictions, consumers with two or three possible zones, about 20 attempts of history over the last month, TCPA
/// consents, a consumer-declared inconvenient time, and requests spread over a week across every channel.
/// </summary>
internal sealed class TypicalWorkload
{
    private static readonly string[][] ZoneSets =
    [
        ["America/New_York", "America/Chicago"],
        ["America/New_York", "America/Los_Angeles", "America/Denver"],
        ["America/Chicago", "America/Phoenix"],
        ["America/Los_Angeles", "America/New_York"],
    ];

    private static readonly string[] JurisdictionsInRotation = ["NY", "MA", "TX", "CA"];

    private static readonly ContactOutcome[] OutcomesInRotation =
    [
        ContactOutcome.NoAnswer, ContactOutcome.NoAnswer, ContactOutcome.NoAnswer, ContactOutcome.Voicemail,
        ContactOutcome.NotConnected, ContactOutcome.WrongParty, ContactOutcome.NoAnswer, ContactOutcome.RightPartyContact,
    ];

    public TypicalWorkload(int contexts, int requests, int seed)
    {
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
        Contexts = [.. Enumerable.Range(0, contexts).Select(i => Consumer(i, now, random))];
        Phones = [.. Contexts.Select((_, i) => Numbers(i))];
        Requests = [.. Enumerable.Range(0, requests).Select(i => Request(i % contexts, now, random))];
        ContextOf = [.. Enumerable.Range(0, requests).Select(i => Contexts[i % contexts])];
    }

    public ContactContext[] Contexts { get; }

    public PhoneNumber[][] Phones { get; }

    public ContactRequest[] Requests { get; }

    /// <summary>The context each request is decided against.</summary>
    public ContactContext[] ContextOf { get; }

    private static PhoneNumber[] Numbers(int consumer) =>
    [
        new($"+1617555{consumer:D4}", PhoneNumberType.Mobile),
        new($"+1617556{consumer:D4}", PhoneNumberType.Landline),
        new($"+1617557{consumer:D4}", PhoneNumberType.Work),
    ];

    private static ContactContext Consumer(int consumer, DateTimeOffset now, Random random)
    {
        var phones = Numbers(consumer);
        var attempts = new List<ContactAttempt>();
        for (var i = 0; i < 20; i++)
        {
            // Most attempts are calls; one in five is a text or an email.
            var channel = (i % 5) switch
            {
                3 => ContactChannel.Sms,
                4 => ContactChannel.Email,
                _ => ContactChannel.Call,
            };
            var at = now.AddDays(-30 + random.NextDouble() * 30).AddMinutes(-random.Next(0, 600));
            attempts.Add(new ContactAttempt(channel, at, OutcomesInRotation[(consumer + i) % OutcomesInRotation.Length], phones[i % 2]));
        }

        return new ContactContext
        {
            Jurisdiction = JurisdictionsInRotation[consumer % JurisdictionsInRotation.Length],
            TimeZones = ZoneSets[consumer % ZoneSets.Length],
            InconvenientTimes = [new InconvenientTime(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0))],
            EmployerProhibitsCalls = consumer % 3 == 0,
            OptedOutNumbers = consumer % 7 == 0 ? [phones[1].Number] : [],
            TcpaConsents = [new TcpaConsent(phones[0].Number, now.AddDays(-90))],
            DirectConsentAt = consumer % 5 == 0 ? now.AddDays(-2) : null,
            History = new ContactHistory(attempts),
        };
    }

    private ContactRequest Request(int consumer, DateTimeOffset now, Random random)
    {
        var phones = Phones[consumer];
        var at = now.AddMinutes(random.Next(0, 7 * 24 * 60));
        return random.Next(100) switch
        {
            < 55 => ContactRequest.Call(phones[random.Next(3)], at, autodialed: true),
            < 70 => ContactRequest.Voicemail(phones[random.Next(2)], at, prerecorded: true),
            < 85 => ContactRequest.Sms(phones[0], at),
            < 95 => ContactRequest.Email($"consumer{consumer}@example.com", at),
            _ => ContactRequest.Letter(at),
        };
    }
}
