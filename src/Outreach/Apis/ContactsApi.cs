using System.Text.RegularExpressions;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Apis;

/// <summary>
/// Contacts pass the compliance engine: an agent (or a channel adapter acting as staff) asks whether
/// a contact is allowed now, and records the attempts it made; an attempt the engine blocks is refused.
/// </summary>
public static partial class ContactsApi
{
    private static readonly string[] StaffRoles = [Roles.Agent, Roles.SeniorAgent, Roles.Supervisor, Roles.ComplianceOfficer, Roles.Admin];

    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("api/v1/outreach/accounts/{accountId:guid}").WithTags("Contacts");
        accounts.MapGet("/contact-decision", Decide)
            .WithSummary("May we contact this consumer now?")
            .WithDescription("The compliance engine's verdict for a contact by the given channel to the given number or address at the given instant (default now) and for the given purpose (default Collection; ConfirmEndOfEfforts or NotifyOfRemedy is the final notice a cease-communication hold allows by letter or email): allowed, or blocked with every reason and, when every block is temporary, the earliest instant it lifts.");
        accounts.MapPost("/contact-attempts", RecordAttempt)
            .WithSummary("Record a contact attempt")
            .WithDescription("Records an attempt with its outcome. An outbound contact the compliance engine blocks at that instant is refused with 422 and the reasons: it must not have been made.");
        accounts.MapGet("/contact-attempts", ListAttempts).WithSummary("The account's contact history");

        var consumers = app.MapGroup("api/v1/outreach/consumers/{consumerId:guid}").WithTags("Contact preferences");
        consumers.MapGet("/contact-preferences", GetPreferences).WithSummary("A consumer's contact preferences");
        consumers.MapPut("/contact-preferences", SetPreferences)
            .WithSummary("Set a consumer's contact preferences")
            .WithDescription("Opted-out media, numbers and addresses, TCPA consents, inconvenient times, calls at work. The consumer sets their own (portal); staff set them on the consumer's word. Effective for the next decision.");
        return app;
    }

    public static async Task<Results<Ok<DecisionResponse>, NotFound, ValidationProblem>> Decide(
        Guid accountId,
        ContactChannel channel,
        string? phoneNumber,
        PhoneNumberType? phoneType,
        string? emailAddress,
        bool? autodialed,
        bool? prerecorded,
        DateTimeOffset? at,
        ContactPurpose? purpose,
        Caller caller,
        OutreachDbContext db,
        ContactPolicy policy,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StaffRoles);
        var target = new ContactTarget(channel, phoneNumber, phoneType, emailAddress, autodialed ?? false, prerecorded ?? false, purpose ?? ContactPurpose.Collection);
        var errors = target.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var instant = (at ?? clock.GetUtcNow()).ToUniversalTime();
        var decision = policy.Decide(target.ToRequest(instant), await ContextAsync(db, account, instant, channel, cancellationToken));
        return TypedResults.Ok(DecisionResponse.From(decision, instant));
    }

    public static async Task<Results<Created<AttemptResponse>, NotFound, ValidationProblem, ProblemHttpResult>> RecordAttempt(
        Guid accountId,
        RecordAttemptRequest request,
        Caller caller,
        TenantContext tenant,
        OutreachDbContext db,
        ContactPolicy policy,
        CallQueue queue,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StaffRoles);
        var now = clock.GetUtcNow();
        var target = new ContactTarget(
            request.Channel, request.PhoneNumber, request.PhoneType, request.EmailAddress, request.Autodialed, request.Prerecorded, request.Purpose ?? ContactPurpose.Collection);
        var errors = target.Validate();
        if (!Enum.IsDefined(request.Outcome))
        {
            errors["outcome"] = ["An outcome such as NoAnswer, Voicemail, RightPartyContact or PromiseToPay."];
        }
        else if (request.Outcome == ContactOutcome.Sent && request.Channel is ContactChannel.Call or ContactChannel.Voicemail)
        {
            errors["outcome"] = ["Sent is the outcome of a letter, email or text, not of a call."];
        }

        // Stored and compared as UTC instants, whatever offset the caller wrote them in.
        var at = (request.At ?? now).ToUniversalTime();
        if (at > now + TimeSpan.FromMinutes(5) || at < now - TimeSpan.FromDays(7))
        {
            errors["at"] = ["Within the last 7 days and not in the future."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        // Serializes attempts on one account so two agents cannot both take the 7th call.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"contact:" + accountId}, 0))", cancellationToken);

        var decision = policy.Decide(target.ToRequest(at), await ContextAsync(db, account, at, request.Channel, cancellationToken));
        if (!decision.IsAllowed)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The compliance engine blocks this contact",
                detail: string.Join(" ", decision.Reasons.Select(r => r.Message)),
                type: "https://collections.example/problems/contact-blocked",
                extensions: new Dictionary<string, object?>
                {
                    ["reasons"] = decision.Reasons,
                    ["earliestAllowedAt"] = decision.EarliestAllowedAt,
                });
        }

        var attempt = new RecordedContact
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.RequiredTenantId,
            AccountId = accountId,
            Channel = request.Channel,
            PhoneNumber = target.PhoneNumber,
            PhoneNumberType = target.PhoneType,
            EmailAddress = target.EmailAddress,
            Outcome = request.Outcome,
            At = at,
            RecordedBy = caller.Subject,
        };
        db.Attempts.Add(attempt);
        db.AddIntegrationEvent(new ContactAttempted
        {
            TenantId = attempt.TenantId,
            OccurredAt = now,
            AttemptId = attempt.Id,
            AccountId = accountId,
            ClientId = account.ClientId,
            Channel = attempt.Channel.ToString(),
            Outcome = attempt.Outcome.ToString(),
            AttemptedAt = at,
            RecordedBy = attempt.RecordedBy,
        });
        if (attempt.Outcome is ContactOutcome.RightPartyContact or ContactOutcome.PromiseToPay)
        {
            db.AddIntegrationEvent(new RightPartyContacted
            {
                TenantId = attempt.TenantId,
                OccurredAt = now,
                AttemptId = attempt.Id,
                AccountId = accountId,
                ClientId = account.ClientId,
                Channel = attempt.Channel.ToString(),
                AgentId = attempt.RecordedBy,
                ContactedAt = at,
            });
        }

        await queue.AttemptRecordedAsync(account, attempt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/outreach/accounts/{accountId}/contact-attempts/{attempt.Id}", AttemptResponse.From(attempt));
    }

    public static async Task<Results<Ok<AttemptResponse[]>, NotFound>> ListAttempts(Guid accountId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(StaffRoles);
        if (!await db.Accounts.AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var attempts = await db.Attempts.AsNoTracking().Where(a => a.AccountId == accountId).OrderByDescending(a => a.At).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(attempts.Select(AttemptResponse.From).ToArray());
    }

    public static async Task<Results<Ok<ContactPreferences>, NotFound>> GetPreferences(Guid consumerId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        if (!await MayManageAsync(consumerId, caller, db, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.ConsumerId == consumerId, cancellationToken);
        return TypedResults.Ok(ContactPreferences.From(profile));
    }

    public static async Task<Results<Ok<ContactPreferences>, NotFound, ValidationProblem>> SetPreferences(
        Guid consumerId, ContactPreferences preferences, Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = preferences.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await MayManageAsync(consumerId, caller, db, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.ConsumerId == consumerId, cancellationToken);
        if (profile is null)
        {
            profile = new ContactProfile { ConsumerId = consumerId, TenantId = tenant.RequiredTenantId };
            db.Profiles.Add(profile);
        }

        preferences.ApplyTo(profile, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ContactPreferences.From(profile));
    }

    /// <summary>A consumer manages their own preferences; staff any consumer of the tenant with an account here.</summary>
    private static async Task<bool> MayManageAsync(Guid consumerId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken) =>
        (caller.IsConsumer && caller.ConsumerId == consumerId)
        || (caller.IsStaff && await db.Accounts.AnyAsync(a => a.ConsumerId == consumerId, cancellationToken));

    private static async Task<ContactContext> ContextAsync(OutreachDbContext db, ContactableAccount account, DateTimeOffset at, ContactChannel channel, CancellationToken cancellationToken)
    {
        var since = at - ContactDesk.HistoryWindow;
        var history = await db.Attempts.AsNoTracking()
            .Where(a => a.AccountId == account.AccountId && a.At >= since && a.At <= at)
            .ToListAsync(cancellationToken);
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.ConsumerId == account.ConsumerId, cancellationToken);
        return ContactDesk.ContextFor(account, profile, history, channel: channel);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    internal static partial Regex E164();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")]
    internal static partial Regex EmailAddress();
}
