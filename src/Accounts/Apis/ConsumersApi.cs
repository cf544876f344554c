using System.Globalization;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Accounts.Apis;

/// <summary>Reading, searching and updating the people who owe the accounts.</summary>
public static class ConsumersApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;
    private const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapConsumersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accounts/consumers").WithTags("Consumers");
        api.MapGet("/", SearchConsumers)
            .WithSummary("Search consumers")
            .WithDescription("Finds consumers by exactly one of: name (case-insensitive prefix of the first or last name; two words are first and last name), phone (any usual format, compared in E.164), email (case-insensitive) or clientReference (a client account reference). Staff search the whole tenant, a client's key only the consumers of its own accounts, a consumer finds only themself.");
        api.MapGet("/{consumerId:guid}", GetConsumer)
            .WithSummary("Get a consumer")
            .WithDescription("A consumer with addresses, phone numbers, emails, language and time zones. Staff see every consumer of the tenant, a client's key the consumers of its accounts, a consumer themself; anyone else is 404.");
        api.MapPut("/{consumerId:guid}/contact", UpdateContact)
            .WithSummary("Update a consumer's contact data")
            .WithDescription("Replaces the lists given (addresses, phones, emails) and the language; an omitted (null) field is kept, an empty list clears it. The reason is required and the change is kept in the contact history with who and when. The consumer's open accounts are re-segmented. Open to staff, to a client's key for the consumers of its accounts, and to a consumer for themself.");
        api.MapGet("/{consumerId:guid}/contact-history", ContactHistory)
            .WithSummary("Read a consumer's contact history")
            .WithDescription("Every change of the consumer's contact data, oldest first: who, when, why, and the data before and after.");
        return app;
    }

    /// <summary>Consumers matching one criterion, among those the caller may see.</summary>
    /// <param name="name">Prefix of the first or last name; "Ann Le" is first name "Ann…" and last name "Le…".</param>
    /// <param name="phone">A phone number in any usual format.</param>
    /// <param name="email">An email address, any case.</param>
    /// <param name="clientReference">A client account reference.</param>
    /// <param name="limit">At most this many consumers, 1 to 100; 20 when omitted.</param>
    /// <param name="caller">Who is asking, which decides the consumers they see.</param>
    /// <param name="db">The Accounts database.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<IReadOnlyList<ConsumerResponse>>, ValidationProblem>> SearchConsumers(
        string? name, string? phone, string? email, string? clientReference, int? limit, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var given = new[] { name, phone, email, clientReference }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            errors["query"] = ["Give exactly one of name, phone, email, clientReference."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors[nameof(limit)] = [$"Must be from 1 to {MaxLimit}."];
        }

        string? phoneKey = null;
        if (!string.IsNullOrWhiteSpace(phone))
        {
            phoneKey = ContactFormats.ToE164(phone) is { } e164 ? Consumer.PhoneKey(e164) : null;
            if (phoneKey is null)
            {
                errors[nameof(phone)] = ["A phone number: E.164 or 10 North American digits."];
            }
        }

        if (!string.IsNullOrWhiteSpace(email) && email.Trim().Length > 254)
        {
            errors[nameof(email)] = ["At most 254 characters."];
        }

        var terms = (name ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!string.IsNullOrWhiteSpace(name) && (name.Trim().Length > 100 || terms.Length > 2))
        {
            errors[nameof(name)] = ["At most 100 characters and two words."];
        }

        if (!string.IsNullOrWhiteSpace(clientReference) && clientReference.Trim().Length > 64)
        {
            errors[nameof(clientReference)] = ["At most 64 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var consumers = Visible(db, caller);
        if (phoneKey is not null)
        {
            consumers = WithContactKey(consumers, phoneKey);
        }
        else if (!string.IsNullOrWhiteSpace(email))
        {
            consumers = WithContactKey(consumers, Consumer.EmailKey(email));
        }
        else if (!string.IsNullOrWhiteSpace(clientReference))
        {
            var reference = clientReference.Trim();
            consumers = consumers.Where(c => db.Accounts.VisibleTo(caller).Any(a => a.ConsumerId == c.Id && a.ClientReference == reference));
        }
        else if (terms.Length == 1)
        {
            var prefix = terms[0];
            consumers = consumers.Where(c => EF.Property<string>(c, NameKeys.LastName).StartsWith(prefix) || EF.Property<string>(c, NameKeys.FirstName).StartsWith(prefix));
        }
        else
        {
            var (first, last) = (terms[0], terms[1]);
            consumers = consumers.Where(c => EF.Property<string>(c, NameKeys.FirstName).StartsWith(first) && EF.Property<string>(c, NameKeys.LastName).StartsWith(last));
        }

        var found = await consumers.AsNoTracking()
            .OrderBy(c => EF.Property<string>(c, NameKeys.LastName)).ThenBy(c => EF.Property<string>(c, NameKeys.FirstName)).ThenBy(c => c.Id)
            .Take(limit ?? DefaultLimit)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ConsumerResponse>>([.. found.Select(ConsumerResponse.From)]);
    }

    /// <summary>One consumer the caller may see; any other is not found.</summary>
    public static async Task<Results<Ok<ConsumerResponse>, NotFound>> GetConsumer(
        Guid consumerId, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var consumer = await Visible(db, caller).AsNoTracking().SingleOrDefaultAsync(c => c.Id == consumerId, cancellationToken);
        return consumer is null ? TypedResults.NotFound() : TypedResults.Ok(ConsumerResponse.From(consumer));
    }

    /// <summary>Changes a consumer's contact data, keeping the change in the history and re-segmenting the consumer's accounts.</summary>
    public static async Task<Results<Ok<ConsumerResponse>, ValidationProblem, NotFound>> UpdateContact(
        Guid consumerId, ContactUpdateRequest request, Caller caller, AccountsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        ContactDetailsRules.Check("", request.Addresses, request.Phones, request.Emails, request.Language, now, errors);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > MaxReasonLength)
        {
            errors[nameof(ContactUpdateRequest.Reason)] = [$"Required, at most {MaxReasonLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var consumer = await Visible(db, caller).SingleOrDefaultAsync(c => c.Id == consumerId, cancellationToken);
        if (consumer is null)
        {
            return TypedResults.NotFound();
        }

        var next = ContactDetailsRules.ToContactData(request.Addresses, request.Phones, request.Emails, request.Language, consumer.Contact);
        var context = ChangeContexts.By(caller, clock, $"contact-data: {request.Reason!.Trim()}");
        var change = consumer.ChangeContact(next, context);
        if (change is not null)
        {
            db.ConsumerContactHistory.Add(change);
            await db.ResegmentAccountsOfAsync(consumer, context, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new BusinessRuleException(
                    RuleViolationKind.Conflict,
                    "consumer-changed",
                    "Consumer changed meanwhile",
                    "The consumer or one of their accounts changed while this request was handled; nothing was applied. Read the consumer and send the request again.");
            }
        }

        return TypedResults.Ok(ConsumerResponse.From(consumer));
    }

    /// <summary>The contact history of a consumer the caller may see, oldest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ContactChangeItem>>, NotFound>> ContactHistory(
        Guid consumerId, Caller caller, AccountsDbContext db, CancellationToken cancellationToken)
    {
        if (!await Visible(db, caller).AnyAsync(c => c.Id == consumerId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var changes = await db.ConsumerContactHistory.AsNoTracking()
            .Where(c => c.ConsumerId == consumerId)
            .OrderBy(c => c.At).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ContactChangeItem>>([.. changes.Select(ContactChangeItem.Of)]);
    }

    /// <summary>
    /// The consumers a caller may see: staff all of the tenant's, anyone else those who owe an account
    /// the caller may see (a client's key: its accounts; a consumer: their own).
    /// </summary>
    private static IQueryable<Consumer> Visible(AccountsDbContext db, Caller caller) =>
        caller.IsStaff ? db.Consumers : db.Consumers.Where(c => db.Accounts.VisibleTo(caller).Any(a => a.ConsumerId == c.Id));

    // Written as "all of these keys are in ContactKeys", which Npgsql turns into "keys <@ ContactKeys":
    // PostgreSQL answers it from the GIN index on the keys.
    private static IQueryable<Consumer> WithContactKey(IQueryable<Consumer> consumers, string key)
    {
        var keys = new[] { key };
        return consumers.Where(c => keys.All(k => c.ContactKeys.Contains(k)));
    }
}

/// <summary>New contact data for a consumer.</summary>
/// <param name="Addresses">The addresses to keep (at most 5); null keeps the current ones, [] removes them all.</param>
/// <param name="Phones">The phone numbers to keep (at most 10), each with its consent; null keeps the current ones.</param>
/// <param name="Emails">The email addresses to keep (at most 10); null keeps the current ones.</param>
/// <param name="Language">BCP 47 tag, e.g. "es"; null keeps the current one.</param>
/// <param name="Reason">Why the data changes (e.g. "consumer called with a new number"), at most 500 characters; kept in the history.</param>
public sealed record ContactUpdateRequest(
    IReadOnlyList<AddressDetails?>? Addresses, IReadOnlyList<PhoneDetails?>? Phones, IReadOnlyList<EmailDetails?>? Emails, string? Language, string? Reason);

/// <summary>A consumer and how to reach them.</summary>
/// <param name="Id">The consumer's id.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="DateOfBirth">yyyy-MM-dd, when known.</param>
/// <param name="PostalCode">The postal code the consumer signs in with, when known.</param>
/// <param name="Language">BCP 47 tag, when known.</param>
/// <param name="Addresses">Postal addresses with their time zones.</param>
/// <param name="Phones">Phone numbers (E.164) with type, TCPA consent and area-code time zone.</param>
/// <param name="Emails">Email addresses with consent.</param>
/// <param name="TimeZones">Every IANA zone known for the consumer; contact must be at a convenient time in all of them.</param>
public sealed record ConsumerResponse(
    Guid Id,
    string FirstName,
    string LastName,
    string? DateOfBirth,
    string? PostalCode,
    string? Language,
    IReadOnlyList<ConsumerAddress> Addresses,
    IReadOnlyList<ConsumerPhone> Phones,
    IReadOnlyList<ConsumerEmail> Emails,
    IReadOnlyList<string> TimeZones)
{
    internal static ConsumerResponse From(Consumer c) => new(
        c.Id, c.FirstName, c.LastName, c.DateOfBirth?.ToString(ConsumerDetails.DateFormat, CultureInfo.InvariantCulture), c.PostalCode,
        c.Language, c.Addresses, c.Phones, c.Emails, c.TimeZones);
}

/// <summary>One change of a consumer's contact data.</summary>
/// <param name="At">When it changed.</param>
/// <param name="Who">"staff:{user}", "client:{key}", "consumer:{session}".</param>
/// <param name="Why">The reason given, or "placement:{client reference}".</param>
/// <param name="Before">The contact data before.</param>
/// <param name="After">The contact data after.</param>
public sealed record ContactChangeItem(DateTimeOffset At, string Who, string Why, ContactData Before, ContactData After)
{
    internal static ContactChangeItem Of(ConsumerContactChange c) =>
        new(c.At, c.Who, c.Why, ConsumerContactChange.Read(c.Before), ConsumerContactChange.Read(c.After));
}
