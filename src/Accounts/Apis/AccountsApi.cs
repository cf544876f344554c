using System.ComponentModel.DataAnnotations;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Collections.Accounts.Apis;

/// <summary>Placing and reading accounts.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accounts/accounts").WithTags("Accounts");
        api.MapPost("/", PlaceAccount)
            .WithSummary("Place an account")
            .WithDescription("Places one account for collection. Re-sending the same client reference with the same facts returns the existing account (200); different facts under the same reference are a 409 conflict.");
        api.MapGet("/{accountId:guid}", GetAccount).WithSummary("Get an account");
        return app;
    }

    /// <summary>Places one account, idempotently by client reference.</summary>
    public static async Task<Results<Created<AccountResponse>, Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> PlaceAccount(
        PlaceAccountRequest request, AccountsDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenantId = tenant.RequiredTenantId;
        var details = request.ToDetails();
        var existing = await db.Accounts.SingleOrDefaultAsync(a => a.ClientReference == details.ClientReference, cancellationToken);
        if (existing is not null)
        {
            return SameOrConflict(existing, details);
        }

        var now = clock.GetUtcNow();
        var account = Account.Place(tenantId, details, now);
        db.Accounts.Add(account);
        db.AddIntegrationEvent(new AccountPlaced
        {
            TenantId = tenantId,
            OccurredAt = now,
            AccountId = account.Id,
            ClientReference = account.ClientReference,
            Jurisdiction = account.Jurisdiction,
            Currency = account.Currency,
            Principal = account.Principal,
            Interest = account.Interest,
            Fees = account.Fees,
            PlacedBalance = account.Balance,
        });

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same reference was placed concurrently: answer as if this request had come second.
            db.ChangeTracker.Clear();
            var winner = await db.Accounts.SingleAsync(a => a.ClientReference == details.ClientReference, cancellationToken);
            return SameOrConflict(winner, details);
        }

        return TypedResults.Created($"/api/v1/accounts/accounts/{account.Id}", AccountResponse.From(account));
    }

    /// <summary>One account of the caller's tenant; another tenant's account is not found.</summary>
    public static async Task<Results<Ok<AccountResponse>, NotFound>> GetAccount(Guid accountId, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(AccountResponse.From(account));
    }

    private static Results<Created<AccountResponse>, Ok<AccountResponse>, ValidationProblem, ProblemHttpResult> SameOrConflict(Account existing, PlacementDetails details) =>
        existing.IsSamePlacementAs(details)
            ? TypedResults.Ok(AccountResponse.From(existing))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Client reference already placed with different details",
                detail: $"Account {existing.Id} was placed under client reference '{existing.ClientReference}' with different facts; it was not changed.",
                type: "https://collections.example/problems/placement-conflict",
                extensions: new Dictionary<string, object?> { ["accountId"] = existing.Id });
}

/// <summary>An account to place.</summary>
/// <param name="ClientReference">The client's own account reference, unique per client.</param>
/// <param name="OriginalCreditor">The creditor the debt was first owed to.</param>
/// <param name="CurrentCreditor">The creditor that owns the debt now; defaults to the original creditor.</param>
/// <param name="Consumer">The person who owes the debt.</param>
/// <param name="Jurisdiction">Two-letter US state or territory code, e.g. "MA".</param>
/// <param name="Currency">ISO 4217 code of every amount, e.g. "USD".</param>
/// <param name="Principal">Principal balance, at least 0, at most two decimal places.</param>
/// <param name="Interest">Interest balance, at least 0, at most two decimal places.</param>
/// <param name="Fees">Fees balance, at least 0, at most two decimal places.</param>
public sealed record PlaceAccountRequest(
    [property: Required, StringLength(64, MinimumLength = 1)] string ClientReference,
    [property: Required, StringLength(200, MinimumLength = 1)] string OriginalCreditor,
    [property: StringLength(200, MinimumLength = 1)] string? CurrentCreditor,
    [property: Required] ConsumerName Consumer,
    [property: Required] string Jurisdiction,
    [property: Required, RegularExpression("^[A-Z]{3}$")] string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees)
{
    private const decimal MaxAmount = 1_000_000_000m;

    internal Dictionary<string, string[]> Validate()
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
            if (string.IsNullOrWhiteSpace(Consumer.FirstName) || Consumer.FirstName.Length > 100)
            {
                errors["Consumer.FirstName"] = ["Required, at most 100 characters."];
            }

            if (string.IsNullOrWhiteSpace(Consumer.LastName) || Consumer.LastName.Length > 100)
            {
                errors["Consumer.LastName"] = ["Required, at most 100 characters."];
            }
        }

        return errors;
    }

    internal PlacementDetails ToDetails() => new(
        ClientReference.Trim(), OriginalCreditor.Trim(), CurrentCreditor?.Trim(), Consumer.FirstName.Trim(), Consumer.LastName.Trim(),
        Jurisdiction, Currency, Principal, Interest, Fees);

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

/// <summary>The consumer's name as the client knows it.</summary>
public sealed record ConsumerName(string FirstName, string LastName);

/// <summary>An account as the API shows it.</summary>
public sealed record AccountResponse(
    Guid Id,
    string ClientReference,
    string OriginalCreditor,
    string CurrentCreditor,
    ConsumerName Consumer,
    string Jurisdiction,
    string Status,
    string Currency,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    decimal Balance,
    DateTimeOffset PlacedAt)
{
    internal static AccountResponse From(Account a) => new(
        a.Id, a.ClientReference, a.OriginalCreditor, a.CurrentCreditor, new ConsumerName(a.ConsumerFirstName, a.ConsumerLastName),
        a.Jurisdiction, a.Status.ToString(), a.Currency, a.Principal, a.Interest, a.Fees, a.Balance, a.PlacedAt);
}
