using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Collections.Accounts.Apis;

/// <summary>Placing and reading accounts.</summary>
public static class AccountsApi
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accounts/accounts").WithTags("Accounts");
        api.MapPost("/", PlaceAccount)
            .RequireAuthorization(CallerPolicies.StaffOrClient)
            .WithSummary("Place an account")
            .WithDescription("Places one account for collection. Open to a client's key (for its own client) and to staff with the admin or supervisor role (who name the client). Re-sending the same client reference for the same client with the same facts returns the existing account (200); different facts under the same reference are a 409 conflict.");
        api.MapGet("/", ListAccounts)
            .WithSummary("List accounts")
            .WithDescription("The accounts the caller may see, newest first: staff all of the tenant's, a client's key its client's, a consumer their own.");
        api.MapGet("/{accountId:guid}", GetAccount)
            .WithSummary("Get an account")
            .WithDescription("One account the caller may see, with its holds and when it becomes time-barred; any other account is 404, whether or not it exists.");
        api.MapAccountLifecycleApi();
        app.MapPlacementsApi();
        return app;
    }

    /// <summary>Places one account, idempotently by client and client reference.</summary>
    public static async Task<Results<Created<AccountResponse>, Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> PlaceAccount(
        PlaceAccountRequest request, Caller caller, AccountsDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var clientId = PlacingClient(request, caller);
        var now = clock.GetUtcNow();
        var errors = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (clientId is null)
        {
            errors[nameof(PlaceAccountRequest.ClientId)] = ["Required when staff place an account: the client it is placed for."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenantId = tenant.RequiredTenantId;
        var details = request.ToDetails(clientId!.Value);
        var existing = await PlacementOf(db, details, cancellationToken);
        if (existing is not null)
        {
            return SameOrConflict(existing, details, await db.LimitationPeriodsForAsync([existing.Jurisdiction], cancellationToken), Today(clock));
        }

        var placement = ChangeContexts.By(caller, clock, $"placement:{details.ClientReference}");
        var consumer = await RecognisedConsumer(db, details.Consumer, cancellationToken);
        ConsumerContactChange? contactChange;
        if (consumer is null)
        {
            consumer = Consumer.Register(tenantId, details.Consumer, now);
            db.Consumers.Add(consumer);
            contactChange = consumer.Contact.IsEmpty ? null : ConsumerContactChange.Of(consumer, ContactData.None, consumer.Contact, placement);
        }
        else
        {
            contactChange = consumer.AddStatedContact(details.Consumer.Contact, placement);
        }

        if (contactChange is not null)
        {
            db.ConsumerContactHistory.Add(contactChange);
        }

        var account = Account.Place(tenantId, details, consumer, now);
        db.Accounts.Add(account);
        await db.ResegmentAsync(account, placement, cancellationToken);
        foreach (var placed in AccountPlacedEvent.EventsOf(account))
        {
            db.AddIntegrationEvent(placed);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same reference was placed concurrently: answer as if this request had come second.
            db.ChangeTracker.Clear();
            var winner = await PlacementOf(db, details, cancellationToken);
            return SameOrConflict(winner!, details, await db.LimitationPeriodsForAsync([winner!.Jurisdiction], cancellationToken), Today(clock));
        }

        var periods = await db.LimitationPeriodsForAsync([account.Jurisdiction], cancellationToken);
        return TypedResults.Created($"/api/v1/accounts/accounts/{account.Id}", AccountResponse.From(account, periods, Today(clock)));
    }

    /// <summary>The accounts the caller may see, newest first, one page at a time: by cursor, or by page number.</summary>
    /// <param name="clientReference">Only accounts with this client reference.</param>
    /// <param name="clientId">Only accounts placed by this client.</param>
    /// <param name="status">Only accounts in this status, e.g. "Active".</param>
    /// <param name="segment">Only accounts in this segment, e.g. "early-low-never-paid-contactable".</param>
    /// <param name="hold">Only accounts with this kind of hold ("dispute", "cease-communication", …), or "none" for accounts without any.</param>
    /// <param name="cursor">The nextCursor of the previous page; omit for the first page. Not with page.</param>
    /// <param name="page">1-based page number, for callers that page by number; not with cursor.</param>
    /// <param name="pageSize">Accounts per page, 1 to 100; 20 when omitted.</param>
    /// <param name="caller">Who is asking, which decides the accounts they see.</param>
    /// <param name="db">The Accounts database.</param>
    /// <param name="clock">Today, for whether accounts are time-barred.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<AccountPage>, ValidationProblem>> ListAccounts(
        string? clientReference, Guid? clientId, string? status, string? segment, string? hold, string? cursor, int? page, int? pageSize,
        Caller caller, AccountsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors[nameof(page)] = ["Must be at least 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors[nameof(pageSize)] = [$"Must be from 1 to {MaxPageSize}."];
        }

        AccountStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<AccountStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !status.Any(char.IsAsciiDigit))
            {
                statusFilter = parsed;
            }
            else
            {
                errors[nameof(status)] = [$"One of {string.Join(", ", Enum.GetNames<AccountStatus>())}."];
            }
        }

        if (hold is not null && hold != "none" && !HoldKinds.All.Contains(hold))
        {
            errors[nameof(hold)] = ["\"none\" or one of \"dispute\", \"cease-communication\", \"attorney-representation\", \"bankruptcy\", \"deceased\"."];
        }

        if (segment is { Length: > 64 })
        {
            errors[nameof(segment)] = ["At most 64 characters."];
        }

        AccountCursor? after = null;
        if (cursor is not null)
        {
            after = AccountCursor.Parse(cursor);
            if (after is null)
            {
                errors[nameof(cursor)] = ["Not a cursor this service gave out."];
            }
            else if (page is not null)
            {
                errors[nameof(cursor)] = ["Give either cursor or page, not both."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var size = pageSize ?? DefaultPageSize;
        var accounts = db.Accounts.AsNoTracking().VisibleTo(caller);
        if (!string.IsNullOrWhiteSpace(clientReference))
        {
            var reference = clientReference.Trim();
            accounts = accounts.Where(a => a.ClientReference == reference);
        }

        if (clientId is { } client)
        {
            accounts = accounts.Where(a => a.ClientId == client);
        }

        if (statusFilter is { } wanted)
        {
            accounts = accounts.Where(a => a.Status == wanted);
        }

        if (segment is not null)
        {
            accounts = accounts.Where(a => a.Segment == segment);
        }

        if (hold == "none")
        {
            accounts = accounts.Where(a => !a.Holds.Any());
        }
        else if (hold is not null)
        {
            accounts = accounts.Where(a => a.Holds.Any(h => h.Kind == hold));
        }

        var total = await accounts.CountAsync(cancellationToken);
        var ordered = accounts;
        if (after is { } position)
        {
            // Keyset: strictly after the last account of the previous page in (placed at, id) descending.
            ordered = ordered.Where(a => a.PlacedAt < position.PlacedAt || (a.PlacedAt == position.PlacedAt && a.Id.CompareTo(position.Id) < 0));
        }

        var query = ordered.Include(a => a.Consumer).Include(a => a.Holds)
            .OrderByDescending(a => a.PlacedAt).ThenByDescending(a => a.Id)
            .AsQueryable();
        if (page is { } number)
        {
            query = query.Skip((number - 1) * size);
        }

        var items = await query.Take(size + 1).ToListAsync(cancellationToken);
        var next = items.Count > size ? AccountCursor.After(items[size - 1]) : null;
        items = [.. items.Take(size)];
        var periods = await db.LimitationPeriodsForAsync([.. items.Select(a => a.Jurisdiction).Distinct()], cancellationToken);
        var today = Today(clock);
        return TypedResults.Ok(new AccountPage([.. items.Select(a => AccountResponse.From(a, periods, today))], after is null ? page ?? 1 : 0, size, total, next));
    }

    /// <summary>One account the caller may see; any other account, of this tenant or another, is not found.</summary>
    public static async Task<Results<Ok<AccountResponse>, NotFound>> GetAccount(
        Guid accountId, Caller caller, AccountsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().VisibleTo(caller).Include(a => a.Consumer).Include(a => a.Holds)
            .SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var periods = await db.LimitationPeriodsForAsync([account.Jurisdiction], cancellationToken);
        return TypedResults.Ok(AccountResponse.From(account, periods, Today(clock)));
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The client an account is placed for: a client's key places for its own client only; staff
    /// who may place (admin, supervisor) name the client, null when they did not. Anyone else is refused.
    /// </summary>
    private static Guid? PlacingClient(PlaceAccountRequest request, Caller caller)
    {
        if (caller.IsClient)
        {
            var own = caller.ClientId ?? throw new BusinessRuleException(
                RuleViolationKind.Forbidden, "client-required", "No client", "The caller's key does not name a client.");
            if (request.ClientId is { } named && named != own)
            {
                throw new BusinessRuleException(
                    RuleViolationKind.Forbidden,
                    "other-client",
                    "Not your client",
                    "A client's key places accounts only for its own client.");
            }

            return own;
        }

        caller.RequireStaffRole(Roles.Admin, Roles.Supervisor);
        return request.ClientId is { } clientId && clientId != Guid.Empty ? clientId : null;
    }

    private static Task<Account?> PlacementOf(AccountsDbContext db, PlacementDetails details, CancellationToken cancellationToken) =>
        db.Accounts.Include(a => a.Consumer).Include(a => a.Holds)
            .SingleOrDefaultAsync(a => a.ClientId == details.ClientId && a.ClientReference == details.ClientReference, cancellationToken);

    /// <summary>The tenant's consumer this placement names, when it can be told apart from a namesake.</summary>
    private static async Task<Consumer?> RecognisedConsumer(AccountsDbContext db, StatedConsumer stated, CancellationToken cancellationToken)
    {
        if (!stated.CanBeRecognised)
        {
            return null;
        }

        var lastName = stated.LastName.ToLowerInvariant();
        var candidates = await db.Consumers
            .Where(c => c.DateOfBirth == stated.DateOfBirth && c.PostalCode != null && c.LastName.ToLower() == lastName)
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => c.IsIdentifiedBy(stated));
    }

    private static Results<Created<AccountResponse>, Ok<AccountResponse>, ValidationProblem, ProblemHttpResult> SameOrConflict(
        Account existing, PlacementDetails details, LimitationPeriods periods, DateOnly today) =>
        existing.IsSamePlacementAs(details)
            ? TypedResults.Ok(AccountResponse.From(existing, periods, today))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Client reference already placed with different details",
                detail: $"Account {existing.Id} was placed under client reference '{existing.ClientReference}' with different facts; it was not changed.",
                type: "https://collections.example/problems/placement-conflict",
                extensions: new Dictionary<string, object?> { ["accountId"] = existing.Id });
}

/// <summary>An account to place.</summary>
/// <param name="ClientId">The client business the account is placed for. A client's key may omit it (it places for its own client) and may not name another; staff must give it.</param>
/// <param name="ClientReference">The client's own account reference, unique per client.</param>
/// <param name="OriginalCreditor">The creditor the debt was first owed to.</param>
/// <param name="CurrentCreditor">The creditor that owns the debt now; defaults to the original creditor.</param>
/// <param name="Consumer">The person who owes the debt.</param>
/// <param name="Jurisdiction">Two-letter US state or territory code, e.g. "MA".</param>
/// <param name="Currency">ISO 4217 code of every amount, e.g. "USD".</param>
/// <param name="Principal">Principal balance, at least 0, at most two decimal places.</param>
/// <param name="Interest">Interest balance, at least 0, at most two decimal places.</param>
/// <param name="Fees">Fees balance, at least 0, at most two decimal places.</param>
/// <param name="DelinquencyDate">yyyy-MM-dd, when the consumer first fell behind; starts the limitation clock when there is no charge-off date.</param>
/// <param name="ChargeOffDate">yyyy-MM-dd, when the creditor charged the debt off; starts the limitation clock.</param>
/// <param name="LastPaymentDate">yyyy-MM-dd, the consumer's last payment before placement; restarts the clock where the state's law says a payment does.</param>
public sealed record PlaceAccountRequest(
    Guid? ClientId,
    [property: Required, StringLength(64, MinimumLength = 1)] string ClientReference,
    [property: Required, StringLength(200, MinimumLength = 1)] string OriginalCreditor,
    [property: StringLength(200, MinimumLength = 1)] string? CurrentCreditor,
    [property: Required] ConsumerDetails Consumer,
    [property: Required] string Jurisdiction,
    [property: Required, RegularExpression("^[A-Z]{3}$")] string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    string? DelinquencyDate = null,
    string? ChargeOffDate = null,
    string? LastPaymentDate = null)
{
    private const decimal MaxAmount = 1_000_000_000m;
    private const int MaxPostalCodeLength = 16;

    internal Dictionary<string, string[]> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Jurisdictions.IsKnown(Jurisdiction))
        {
            errors[nameof(Jurisdiction)] = ["Must be a two-letter US state or territory code, e.g. \"MA\"."];
        }

        CheckAmount(nameof(Principal), Principal, errors);
        CheckAmount(nameof(Interest), Interest, errors);
        CheckAmount(nameof(Fees), Fees, errors);
        if (Consumer is not null)
        {
            CheckConsumer(Consumer, today, errors);
        }

        CheckPastDate(nameof(DelinquencyDate), DelinquencyDate, today, errors);
        CheckPastDate(nameof(ChargeOffDate), ChargeOffDate, today, errors);
        CheckPastDate(nameof(LastPaymentDate), LastPaymentDate, today, errors);
        return errors;
    }

    internal PlacementDetails ToDetails(Guid clientId) => new(
        clientId,
        ClientReference.Trim(),
        OriginalCreditor.Trim(),
        CurrentCreditor?.Trim(),
        new StatedConsumer(
            Consumer.FirstName.Trim(),
            Consumer.LastName.Trim(),
            ConsumerDetails.ParseDate(Consumer.DateOfBirth),
            string.IsNullOrWhiteSpace(Consumer.PostalCode) ? null : Consumer.PostalCode.Trim(),
            Consumer.StatedContact()),
        Jurisdiction,
        Currency,
        Principal,
        Interest,
        Fees,
        ConsumerDetails.ParseDate(DelinquencyDate),
        ConsumerDetails.ParseDate(ChargeOffDate),
        ConsumerDetails.ParseDate(LastPaymentDate));

    private static void CheckPastDate(string field, string? value, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && (ConsumerDetails.ParseDate(value) is not { } date || date > today || date.Year < 1900))
        {
            errors[field] = ["A date not in the future, as yyyy-MM-dd."];
        }
    }

    private static void CheckConsumer(ConsumerDetails consumer, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(consumer.FirstName) || consumer.FirstName.Length > 100)
        {
            errors["Consumer.FirstName"] = ["Required, at most 100 characters."];
        }

        if (string.IsNullOrWhiteSpace(consumer.LastName) || consumer.LastName.Length > 100)
        {
            errors["Consumer.LastName"] = ["Required, at most 100 characters."];
        }

        if (!string.IsNullOrWhiteSpace(consumer.DateOfBirth)
            && (ConsumerDetails.ParseDate(consumer.DateOfBirth) is not { } born || born > today || born.Year < 1900))
        {
            errors["Consumer.DateOfBirth"] = ["A date in the past, as yyyy-MM-dd."];
        }

        if (!string.IsNullOrWhiteSpace(consumer.PostalCode)
            && (consumer.PostalCode.Trim().Length > MaxPostalCodeLength
                || !consumer.PostalCode.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')))
        {
            errors["Consumer.PostalCode"] = [$"At most {MaxPostalCodeLength} letters, digits, spaces and hyphens."];
        }

        // Consent instants are UTC; anything up to the end of today is "not in the future".
        var endOfToday = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        ContactDetailsRules.Check("Consumer.", consumer.Addresses, consumer.Phones, consumer.Emails, consumer.Language, endOfToday, errors);
    }

    private static void CheckAmount(string field, decimal amount, Dictionary<string, string[]> errors)
    {
        if (amount < 0 || amount >= MaxAmount)
        {
            errors[field] = [$"Must be at least 0 and below {MaxAmount:N0}."];
        }
        else if (decimal.Round(amount, 2) != amount)
        {
            errors[field] = ["Must have at most two decimal places."];
        }
    }
}

/// <summary>The person who owes the debt, as the client knows them.</summary>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="DateOfBirth">yyyy-MM-dd, when the client knows it. With the postal code it lets the consumer sign in to the portal and links the consumer's accounts across placements.</param>
/// <param name="PostalCode">Postal code of the consumer's address, when the client knows it.</param>
/// <param name="Addresses">Postal addresses, at most 5; each gets the IANA time zone of its state and ZIP unless it names one.</param>
/// <param name="Phones">Phone numbers with type and TCPA consent, at most 10.</param>
/// <param name="Emails">Email addresses with consent, at most 10.</param>
/// <param name="Language">BCP 47 tag of the consumer's language, e.g. "en" or "es".</param>
public sealed record ConsumerDetails(
    string FirstName,
    string LastName,
    string? DateOfBirth = null,
    string? PostalCode = null,
    IReadOnlyList<AddressDetails?>? Addresses = null,
    IReadOnlyList<PhoneDetails?>? Phones = null,
    IReadOnlyList<EmailDetails?>? Emails = null,
    string? Language = null)
{
    /// <summary>The contact data the placement states, null when it states none; call after validation.</summary>
    internal ContactData? StatedContact()
    {
        var stated = ContactDetailsRules.ToContactData(Addresses, Phones, Emails, Language, ContactData.None);
        return stated.IsEmpty ? null : stated;
    }

    internal const string DateFormat = "yyyy-MM-dd";

    internal static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    internal static ConsumerDetails From(Consumer c) => new(
        c.FirstName, c.LastName, c.DateOfBirth?.ToString(DateFormat, CultureInfo.InvariantCulture), c.PostalCode);
}

/// <summary>An account as the API shows it.</summary>
/// <param name="Id">The account's id.</param>
/// <param name="ClientId">The client business that placed the account.</param>
/// <param name="ClientReference">The client's own reference.</param>
/// <param name="OriginalCreditor">The creditor the debt was first owed to.</param>
/// <param name="CurrentCreditor">The creditor that owns the debt now.</param>
/// <param name="ConsumerId">The consumer who owes the debt; the same for all of that person's accounts with the tenant when they could be recognised.</param>
/// <param name="Consumer">The consumer's details.</param>
/// <param name="Jurisdiction">US state or territory whose rules apply.</param>
/// <param name="Status">Where the account is in its life with the agency.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="Principal">Principal balance.</param>
/// <param name="Interest">Interest balance.</param>
/// <param name="Fees">Fees balance.</param>
/// <param name="Balance">Principal + interest + fees.</param>
/// <param name="PlacedAt">When the account was placed.</param>
/// <param name="Credit">Money received beyond the balance, owed back to the consumer; the balance never goes negative.</param>
/// <param name="Holds">Kinds of hold on the account ("dispute", "cease-communication", "attorney-representation", "bankruptcy", "deceased"); any hold blocks collection contact.</param>
/// <param name="DelinquencyDate">When the consumer first fell behind, if known.</param>
/// <param name="ChargeOffDate">When the creditor charged the debt off, if known.</param>
/// <param name="LastPaymentDate">The last payment that counts for the limitation clock, if known.</param>
/// <param name="TimeBarredAt">The first day the statute of limitations has run in the account's jurisdiction; null when no date starts the clock.</param>
/// <param name="IsTimeBarred">Whether that day has come: no suit or threat of suit (12 CFR 1006.26).</param>
/// <param name="Segment">Segment code "{age}-{balance}-{history}-{contactability}", e.g. "early-low-never-paid-contactable"; null until computed.</param>
/// <param name="Score">Propensity to pay, 0..1000; null until computed.</param>
public sealed record AccountResponse(
    Guid Id,
    Guid ClientId,
    string ClientReference,
    string OriginalCreditor,
    string CurrentCreditor,
    Guid ConsumerId,
    ConsumerDetails Consumer,
    string Jurisdiction,
    string Status,
    string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    decimal Balance,
    DateTimeOffset PlacedAt,
    decimal Credit,
    IReadOnlyList<string> Holds,
    DateOnly? DelinquencyDate,
    DateOnly? ChargeOffDate,
    DateOnly? LastPaymentDate,
    DateOnly? TimeBarredAt,
    bool IsTimeBarred,
    string? Segment = null,
    int? Score = null)
{
    /// <summary>The account as shown on <paramref name="today"/>; needs its consumer and holds loaded.</summary>
    internal static AccountResponse From(Account a, LimitationPeriods periods, DateOnly today)
    {
        var timeBarredAt = periods.For(a.Jurisdiction, today)?.TimeBarredAt(a.DelinquencyDate, a.ChargeOffDate, a.LastPaymentDate);
        return new(
            a.Id, a.ClientId, a.ClientReference, a.OriginalCreditor, a.CurrentCreditor, a.ConsumerId, ConsumerDetails.From(a.Consumer),
            a.Jurisdiction, a.Status.ToString(), a.Currency, a.Principal, a.Interest, a.Fees, a.Balance, a.PlacedAt,
            a.Credit, a.HoldKinds, a.DelinquencyDate, a.ChargeOffDate, a.LastPaymentDate, timeBarredAt, timeBarredAt <= today, a.Segment, a.Score);
    }
}

/// <summary>One page of accounts.</summary>
/// <param name="Items">The accounts on this page, newest first.</param>
/// <param name="Page">1-based page number; 0 for a page reached by cursor.</param>
/// <param name="PageSize">Accounts per page asked for.</param>
/// <param name="TotalItems">Accounts matching, over all pages.</param>
/// <param name="NextCursor">Pass as cursor for the next page; null on the last page. Opaque.</param>
public sealed record AccountPage(IReadOnlyList<AccountResponse> Items, int Page, int PageSize, int TotalItems, string? NextCursor = null);

/// <summary>Where a page of accounts ends, in the listing order (placed at, then id, both descending); opaque to callers.</summary>
internal readonly record struct AccountCursor(DateTimeOffset PlacedAt, Guid Id)
{
    public static string After(Account last) =>
        Base64Url.EncodeToString(System.Text.Encoding.ASCII.GetBytes(FormattableString.Invariant($"{last.PlacedAt.UtcTicks}:{last.Id:N}")));

    public static AccountCursor? Parse(string cursor)
    {
        if (cursor.Length is 0 or > 100 || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        var parts = System.Text.Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id)
                ? new AccountCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
    }
}
