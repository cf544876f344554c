using Collections.BuildingBlocks.Tenancy;

namespace Collections.Outreach.Domain;

/// <summary>
/// Per account, what the daily strategy run needs from the contact history, so it reads one row per account instead of
/// the attempts: the last right-party contact and the recent attempts. Kept by the database when an attempt is recorded
/// (a trigger on <c>contact_attempts</c>, whatever path inserts it; see <see cref="ContactSummaries"/>), never written by the application.
/// </summary>
public sealed class ContactSummary : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>The latest attempt with a right-party outcome (right-party contact, promise, refusal, dispute, callback); null when none.</summary>
    public DateTimeOffset? LastRightPartyContactAt { get; set; }

    /// <summary>Every attempt at or after this instant is in <see cref="Recent"/> (older ones may have been dropped).</summary>
    public DateTimeOffset KeptFrom { get; set; }

    /// <summary>
    /// The attempts from <see cref="KeptFrom"/> in time order, as a JSON array of objects: <c>c</c> channel, <c>o</c> outcome,
    /// <c>a</c> instant, <c>n</c> number and <c>t</c> number type (null for letters and emails).
    /// </summary>
    public string Recent { get; set; } = "[]";
}

/// <summary>The SQL that keeps <see cref="ContactSummary"/> rows: the trigger on attempts and the fill from existing attempts.</summary>
public static class ContactSummaries
{
    /// <summary>How far back from an account's latest attempt its summary keeps attempts: the engine's 31 days and a margin.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(35);

    private const string RightPartyOutcomes = "'RightPartyContact', 'PromiseToPay', 'Refused', 'DisputeRaised', 'CallbackRequested'";

    /// <summary>
    /// The trigger: each inserted attempt is added to its account's summary (in time order; those before the new
    /// <c>KeptFrom</c>, 35 days before the latest attempt, dropped). Concurrent inserts for one account serialize on
    /// the summary row, and the update reads its latest version, so none is lost.
    /// </summary>
    public const string CreateTrigger = $$"""
        CREATE FUNCTION contact_summaries_on_attempt() RETURNS trigger LANGUAGE plpgsql AS $fn$
        DECLARE
          entry jsonb := jsonb_build_object('c', NEW."Channel", 'o', NEW."Outcome", 'a', NEW."At", 'n', NEW."PhoneNumber", 't', NEW."PhoneNumberType");
          rpc timestamptz := CASE WHEN NEW."Outcome" IN ({{RightPartyOutcomes}}) THEN NEW."At" END;
          cutoff timestamptz := NEW."At" - interval '35 days';
        BEGIN
          INSERT INTO contact_summaries AS s ("TenantId", "AccountId", "LastRightPartyContactAt", "KeptFrom", "Recent")
          VALUES (NEW."TenantId", NEW."AccountId", rpc, cutoff, jsonb_build_array(entry))
          ON CONFLICT ("TenantId", "AccountId") DO UPDATE SET
            "LastRightPartyContactAt" = GREATEST(s."LastRightPartyContactAt", rpc),
            "KeptFrom" = GREATEST(s."KeptFrom", cutoff),
            "Recent" = (
              SELECT COALESCE(jsonb_agg(e ORDER BY (e->>'a')::timestamptz), '[]'::jsonb)
              FROM jsonb_array_elements(s."Recent" || jsonb_build_array(entry)) AS e
              WHERE (e->>'a')::timestamptz >= GREATEST(s."KeptFrom", cutoff));
          RETURN NULL;
        END
        $fn$;
        CREATE TRIGGER contact_summaries_on_attempt AFTER INSERT ON contact_attempts FOR EACH ROW EXECUTE FUNCTION contact_summaries_on_attempt();
        """;

    public const string DropTrigger = """
        DROP TRIGGER IF EXISTS contact_summaries_on_attempt ON contact_attempts;
        DROP FUNCTION IF EXISTS contact_summaries_on_attempt();
        """;

    /// <summary>Summaries of the attempts already recorded (when the table is created, or after a bulk load with the trigger disabled).</summary>
    public const string Fill = $$"""
        INSERT INTO contact_summaries ("TenantId", "AccountId", "LastRightPartyContactAt", "KeptFrom", "Recent")
        SELECT a."TenantId", a."AccountId",
          max(a."At") FILTER (WHERE a."Outcome" IN ({{RightPartyOutcomes}})),
          l.latest - interval '35 days',
          COALESCE(jsonb_agg(jsonb_build_object('c', a."Channel", 'o', a."Outcome", 'a', a."At", 'n', a."PhoneNumber", 't', a."PhoneNumberType") ORDER BY a."At")
            FILTER (WHERE a."At" >= l.latest - interval '35 days'), '[]'::jsonb)
        FROM contact_attempts a
        JOIN (SELECT "TenantId", "AccountId", max("At") AS latest FROM contact_attempts GROUP BY "TenantId", "AccountId") l
          ON l."TenantId" = a."TenantId" AND l."AccountId" = a."AccountId"
        GROUP BY a."TenantId", a."AccountId", l.latest
        ON CONFLICT ("TenantId", "AccountId") DO NOTHING
        """;
}
