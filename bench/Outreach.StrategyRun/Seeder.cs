using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Collections.Benchmarks.StrategyRun;

/// <summary>
/// Fills the Accounts tables and Outreach's database with a realistic portfolio: accounts in four segments across six
/// states, 2 % held, 20 % with a payment, 15 % Spanish speakers; 99 % already assigned (assignment dates spread over the
/// last 120 days, 20 % of each segment on a challenger), the rest new; about ten contact attempts per account over the
/// last 180 days; a contact profile for 5 % of consumers.
/// </summary>
public sealed class Seeder(NpgsqlDataSource accountsDb, NpgsqlDataSource outreachDb, Guid tenantId, DateOnly businessDate, int accountCount, int attemptsPerAccount)
{
    public static readonly string[] Segments = ["early-low", "early-high", "late-low", "late-high"];

    private static readonly (string State, string Zone)[] States =
        [("NY", "America/New_York"), ("MA", "America/New_York"), ("TX", "America/Chicago"), ("CA", "America/Los_Angeles"), ("FL", "America/New_York"), ("IL", "America/Chicago")];

    private static readonly (ContactChannel Channel, ContactOutcome Outcome, int Weight)[] AttemptMix =
    [
        (ContactChannel.Call, ContactOutcome.NoAnswer, 45), (ContactChannel.Call, ContactOutcome.Voicemail, 15), (ContactChannel.Call, ContactOutcome.NotConnected, 10),
        (ContactChannel.Call, ContactOutcome.RightPartyContact, 5), (ContactChannel.Call, ContactOutcome.PromiseToPay, 2), (ContactChannel.Call, ContactOutcome.WrongParty, 3),
        (ContactChannel.Sms, ContactOutcome.Sent, 8), (ContactChannel.Email, ContactOutcome.Sent, 7), (ContactChannel.Letter, ContactOutcome.Sent, 5),
    ];

    public async Task SeedAsync(Func<TenantContext, OutreachDbContext> outreach)
    {
        await using (var command = accountsDb.CreateCommand("""
            CREATE TABLE accounts (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, client_id uuid NOT NULL, consumer_id uuid NOT NULL, status text NOT NULL,
              jurisdiction text NOT NULL, segment text NOT NULL, score int NOT NULL, balance numeric(18,2) NOT NULL, currency text NOT NULL, holds text[] NOT NULL,
              placed_at timestamptz NOT NULL, last_payment_at timestamptz, time_barred boolean NOT NULL, time_zones text[] NOT NULL, language text NOT NULL);
            CREATE TABLE consumers (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, first_name text NOT NULL, last_name text NOT NULL, language text NOT NULL,
              mobile text NOT NULL, email text NOT NULL, time_zone text NOT NULL);
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        var tenant = new TenantContext();
        tenant.Use(tenantId);
        await using (var db = outreach(tenant))
        {
            await db.Database.MigrateAsync();
            var strategies = Segments.SelectMany(segment => new[] { Strategy(segment, "champion", ChampionSteps()), Strategy(segment, "challenger", ChallengerSteps()) }).ToList();
            db.Strategies.AddRange(strategies);
            foreach (var segment in Segments)
            {
                db.SegmentSplits.Add(new SegmentSplit
                {
                    TenantId = tenantId, Segment = segment, SplitId = Guid.CreateVersion7(),
                    ChampionStrategyId = strategies.Single(s => s.Segment == segment && s.Name.EndsWith("champion", StringComparison.Ordinal)).StrategyId,
                    ChallengerStrategyId = strategies.Single(s => s.Segment == segment && s.Name.EndsWith("challenger", StringComparison.Ordinal)).StrategyId,
                    ChallengerBasisPoints = 2000, UpdatedAt = DateTimeOffset.UtcNow,
                });
            }

            await db.SaveChangesAsync();
        }

        List<ContactStrategy> all;
        List<SegmentSplit> splits;
        await using (var db = outreach(tenant))
        {
            all = await db.Strategies.AsNoTracking().ToListAsync();
            splits = await db.SegmentSplits.AsNoTracking().ToListAsync();
        }

        var book = new StrategyBook(all, splits);
        await CopyAccountsAsync(book);
        await CopyAttemptsAsync();
    }

    private ContactStrategy Strategy(string segment, string arm, List<StrategyStep> steps) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, StrategyId = Guid.CreateVersion7(), Version = 1, Name = $"{segment} {arm}", Segment = segment,
        Steps = steps, EscalateAfterFailedAttempts = 8, EscalateAfterBrokenPromises = 2, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "bench", IsCurrent = true,
    };

    private static StrategyStep S(int day, ContactChannel channel, string template, params StepCondition[] conditions) =>
        new() { DayOffset = day, Channel = channel, TemplateKey = template, Conditions = [.. conditions] };

    private static List<StrategyStep> ChampionSteps() =>
    [
        S(0, ContactChannel.Letter, "initial-notice"), S(1, ContactChannel.Email, "payment-reminder"), S(2, ContactChannel.Call, "first-call"),
        S(3, ContactChannel.Sms, "payment-reminder", StepCondition.NoPayment), S(5, ContactChannel.Call, "follow-up", StepCondition.NoRightPartyContact),
        S(7, ContactChannel.Email, "payment-reminder", StepCondition.NoPayment), S(10, ContactChannel.Call, "follow-up"), S(14, ContactChannel.Sms, "payment-reminder"),
        S(21, ContactChannel.Letter, "initial-notice", StepCondition.NoPayment), S(30, ContactChannel.Call, "follow-up"), S(45, ContactChannel.Email, "payment-reminder"),
        S(60, ContactChannel.Letter, "initial-notice"), S(90, ContactChannel.Call, "follow-up", StepCondition.NoRightPartyContact),
    ];

    private static List<StrategyStep> ChallengerSteps() =>
    [
        S(0, ContactChannel.Sms, "payment-reminder"), S(0, ContactChannel.Letter, "initial-notice"), S(1, ContactChannel.Call, "first-call"),
        S(4, ContactChannel.Email, "payment-reminder"), S(6, ContactChannel.Call, "follow-up", StepCondition.NoRightPartyContact), S(12, ContactChannel.Sms, "payment-reminder"),
        S(20, ContactChannel.Call, "follow-up"), S(35, ContactChannel.Letter, "initial-notice"), S(50, ContactChannel.Email, "payment-reminder"), S(75, ContactChannel.Call, "follow-up"),
    ];

    /// <summary>Account ids in the order Accounts streams them.</summary>
    public Guid[] AccountIds { get; private set; } = [];

    private async Task CopyAccountsAsync(StrategyBook book)
    {
        var random = new Random(20261125);
        AccountIds = [.. Enumerable.Range(0, accountCount).Select(_ => Guid.CreateVersion7()).Order(Comparer<Guid>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString())))];
        var now = businessDate.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc);
        await using var accountsConnection = await accountsDb.OpenConnectionAsync();
        await using var outreachConnection = await outreachDb.OpenConnectionAsync();
        var accountsCopy = await accountsConnection.BeginBinaryImportAsync("COPY accounts (id, tenant_id, client_id, consumer_id, status, jurisdiction, segment, score, balance, currency, holds, placed_at, last_payment_at, time_barred, time_zones, language) FROM STDIN (FORMAT BINARY)");
        var consumersCopy = default(NpgsqlBinaryImporter);
        var assignments = new List<object[]>();
        var contactable = new List<object[]>(accountCount);
        var profiles = new List<(Guid Consumer, string Mobile, bool SmsOut)>();
        var consumerRows = new List<(Guid Id, string First, string Last, string Language, string Mobile, string Email, string Zone)>(accountCount);
        var clients = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < accountCount; i++)
        {
            var id = AccountIds[i];
            var consumerId = Guid.NewGuid();
            var (state, zone) = States[random.Next(States.Length)];
            var segment = Segments[random.Next(Segments.Length)];
            var language = random.Next(100) < 15 ? "es" : "en";
            var mobile = $"+1212{random.Next(2000000, 9999999)}";
            accountsCopy.StartRow();
            accountsCopy.Write(id);
            accountsCopy.Write(tenantId);
            var clientId = clients[random.Next(clients.Length)];
            var score = random.Next(1001);
            var balance = Math.Round((decimal)(random.NextDouble() * 9000 + 100), 2);
            var disputed = random.Next(100) < 2;
            var placedAt = now.AddDays(-random.Next(30, 400));
            accountsCopy.Write(clientId);
            accountsCopy.Write(consumerId);
            accountsCopy.Write("Active");
            accountsCopy.Write(state);
            accountsCopy.Write(segment);
            accountsCopy.Write(score);
            accountsCopy.Write(balance, NpgsqlDbType.Numeric);
            accountsCopy.Write("USD");
            accountsCopy.Write(disputed ? new[] { "dispute" } : Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            accountsCopy.Write(placedAt, NpgsqlDbType.TimestampTz);
            contactable.Add([id, tenantId, clientId, consumerId, $"Ann Lee{i}", state, "Active", new DateTimeOffset(placedAt, TimeSpan.Zero), segment, score, disputed ? (int)AccountHolds.Dispute : 0, balance, "USD", 0, 0]);
            if (random.Next(100) < 20)
            {
                accountsCopy.Write(now.AddDays(-random.Next(1, 200)), NpgsqlDbType.TimestampTz);
            }
            else
            {
                accountsCopy.WriteNull();
            }

            accountsCopy.Write(false);
            accountsCopy.Write(new[] { zone }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            accountsCopy.Write(language);
            consumerRows.Add((consumerId, "Ann", $"Lee{i}", language, mobile, $"consumer{i}@example.com", zone));

            if (random.Next(100) < 99 && book.Choose(id, segment) is var (strategy, arm, splitId))
            {
                assignments.Add([id, tenantId, segment, strategy.StrategyId, strategy.Version, arm, splitId!, businessDate.AddDays(-random.Next(0, 120)), new DateTimeOffset(now, TimeSpan.Zero)]);
            }

            if (random.Next(100) < 5)
            {
                profiles.Add((consumerId, mobile, random.Next(100) < 30));
            }
        }

        await accountsCopy.CompleteAsync();
        await accountsCopy.DisposeAsync();

        consumersCopy = await accountsConnection.BeginBinaryImportAsync("COPY consumers (id, tenant_id, first_name, last_name, language, mobile, email, time_zone) FROM STDIN (FORMAT BINARY)");
        foreach (var c in consumerRows)
        {
            consumersCopy.WriteRow(c.Id, tenantId, c.First, c.Last, c.Language, c.Mobile, c.Email, c.Zone);
        }

        await consumersCopy.CompleteAsync();
        await consumersCopy.DisposeAsync();

        await using (var copy = await outreachConnection.BeginBinaryImportAsync("""COPY strategy_assignments ("AccountId", "TenantId", "Segment", "StrategyId", "StrategyVersion", "Arm", "SplitId", "AssignedOn", "AssignedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var row in assignments)
            {
                copy.WriteRow(row);
            }

            await copy.CompleteAsync();
        }

        // Outreach's own view of the accounts (kept from Accounts' events), which the work queue reads when a call is queued.
        await using (var copy = await outreachConnection.BeginBinaryImportAsync("""COPY contactable_accounts ("AccountId", "TenantId", "ClientId", "ConsumerId", "ConsumerName", "Jurisdiction", "Status", "PlacedAt", "Segment", "Score", "Holds", "Balance", "Currency", "FailedAttempts", "BrokenPromises") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var row in contactable)
            {
                copy.WriteRow(row);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await outreachConnection.BeginBinaryImportAsync("""COPY contact_profiles ("ConsumerId", "TenantId", "OptedOutMedia", "OptedOutNumbers", "OptedOutEmailAddresses", "SmsOptedOutNumbers", "EmployerProhibitsCalls", "ExtraTimeZones", "UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var (consumer, mobile, smsOut) in profiles)
            {
                copy.StartRow();
                copy.Write(consumer);
                copy.Write(tenantId);
                copy.Write(0);
                copy.Write(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                copy.Write(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                copy.Write(smsOut ? new[] { mobile } : Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                copy.Write(true);
                copy.Write(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                copy.Write(new DateTimeOffset(now, TimeSpan.Zero), NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using var analyze = accountsDb.CreateCommand("ANALYZE accounts; ANALYZE consumers");
        await analyze.ExecuteNonQueryAsync();
    }

    private async Task CopyAttemptsAsync()
    {
        var random = new Random(7);
        var totalWeight = AttemptMix.Sum(m => m.Weight);
        var end = businessDate.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc);
        await using var connection = await outreachDb.OpenConnectionAsync();
        // Loaded in bulk: the indexes are built and the contact summaries filled once after the load, as a migration fills them.
        await using (var drop = new NpgsqlCommand("""DROP INDEX IF EXISTS "IX_contact_attempts_TenantId_AccountId_At"; ALTER TABLE contact_attempts DROP CONSTRAINT "PK_contact_attempts"; ALTER TABLE contact_attempts DISABLE TRIGGER contact_summaries_on_attempt;""", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY contact_attempts ("Id", "TenantId", "AccountId", "Channel", "PhoneNumber", "PhoneNumberType", "EmailAddress", "Outcome", "At", "RecordedBy") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var accountId in AccountIds)
            {
                for (var k = 0; k < attemptsPerAccount; k++)
                {
                    var pick = random.Next(totalWeight);
                    var (channel, outcome, _) = AttemptMix.First(m => (pick -= m.Weight) < 0);
                    var at = end.AddMinutes(-random.Next(0, 180 * 24 * 60));
                    copy.StartRow();
                    copy.Write(Guid.CreateVersion7(new DateTimeOffset(at, TimeSpan.Zero)));
                    copy.Write(tenantId);
                    copy.Write(accountId);
                    copy.Write(channel.ToString());
                    if (channel is ContactChannel.Call or ContactChannel.Sms)
                    {
                        copy.Write("+12125550100");
                        copy.Write("Mobile");
                    }
                    else
                    {
                        copy.WriteNull();
                        copy.WriteNull();
                    }

                    if (channel == ContactChannel.Email)
                    {
                        copy.Write("consumer@example.com");
                    }
                    else
                    {
                        copy.WriteNull();
                    }

                    copy.Write(outcome.ToString());
                    copy.Write(new DateTimeOffset(at, TimeSpan.Zero), NpgsqlDbType.TimestampTz);
                    copy.Write("agent");
                }
            }

            await copy.CompleteAsync();
        }

        await using var index = new NpgsqlCommand($$"""
            ALTER TABLE contact_attempts ADD CONSTRAINT "PK_contact_attempts" PRIMARY KEY ("Id");
            CREATE INDEX "IX_contact_attempts_TenantId_AccountId_At" ON contact_attempts ("TenantId", "AccountId", "At");
            {{ContactSummaries.Fill}};
            ALTER TABLE contact_attempts ENABLE TRIGGER contact_summaries_on_attempt;
            ANALYZE contact_attempts; ANALYZE contact_summaries; ANALYZE strategy_assignments; ANALYZE contact_profiles; ANALYZE contactable_accounts;
            """, connection) { CommandTimeout = 0 };
        await index.ExecuteNonQueryAsync();
    }
}
