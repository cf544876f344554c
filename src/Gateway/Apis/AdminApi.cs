using System.Text.RegularExpressions;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Gateway.Identity;
using Collections.Gateway.Infrastructure;
using Collections.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Collections.Gateway.Apis;

/// <summary>A tenant admin's API: staff users, client businesses with their settings and API keys, rate limits.</summary>
public static partial class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("api/v1/admin").WithTags("Tenant administration").RequireAuthorization(CallerAuthentication.TenantAdminPolicy);

        admin.MapPost("/users", CreateUser).WithSummary("Create a staff user");
        admin.MapGet("/users", ListUsers).WithSummary("List staff users");
        admin.MapPut("/users/{userId:guid}/roles", ChangeRoles).WithSummary("Change a user's roles");
        admin.MapPost("/users/{userId:guid}/disable", DisableUser).WithSummary("Disable a user").WithDescription("Ends the user's sessions at once.");

        admin.MapPost("/clients", CreateClient).WithSummary("Create a client (creditor)");
        admin.MapGet("/clients", ListClients).WithSummary("List clients");
        admin.MapGet("/clients/{clientId:guid}", GetClient).WithSummary("Get a client");
        admin.MapPut("/clients/{clientId:guid}/settings", ChangeClientSettings)
            .WithSummary("Change a client's settings")
            .WithDescription("Contingency fee, settlement authority of agents and supervisors, and payment application order.");

        admin.MapPost("/clients/{clientId:guid}/api-keys", CreateApiKey)
            .WithSummary("Create an API key for a client")
            .WithDescription("The key is in this response only; the platform keeps a hash of it.");
        admin.MapGet("/clients/{clientId:guid}/api-keys", ListApiKeys).WithSummary("List a client's API keys");
        admin.MapDelete("/clients/{clientId:guid}/api-keys/{keyId:guid}", RevokeApiKey).WithSummary("Revoke an API key");

        admin.MapGet("/rate-limits", GetRateLimits).WithSummary("Get the tenant's rate limits");
        admin.MapPut("/rate-limits", ChangeRateLimits).WithSummary("Change the tenant's rate limits");
        return app;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        NewUserRequest request, GatewayDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate(requireRoles: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var email = request.Email.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email taken", detail: $"A user with email '{email}' exists in this tenant.", type: "https://collections.example/problems/user-exists");
        }

        var user = StaffUser.Create(tenant.RequiredTenantId, email, request.DisplayName, request.Roles!, PasswordHasher.Hash(request.Password), clock.GetUtcNow());
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/users/{user.Id}", UserResponse.From(user));
    }

    public static async Task<Ok<UserResponse[]>> ListUsers(GatewayDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken)).Select(UserResponse.From).ToArray());

    public static async Task<Results<Ok<UserResponse>, NotFound, ValidationProblem>> ChangeRoles(
        Guid userId, ChangeRolesRequest request, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (NewUserRequest.CheckRoles(request.Roles) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [problem] });
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        user.ChangeRoles(request.Roles!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> DisableUser(Guid userId, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        user.Disable();
        var now = clock.GetUtcNow();
        await db.RefreshTokens.Where(r => r.UserId == userId && r.RevokedAt == null).ExecuteUpdateAsync(r => r.SetProperty(x => x.RevokedAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    public static async Task<Results<Created<ClientResponse>, ValidationProblem, ProblemHttpResult>> CreateClient(
        NewClientRequest request, GatewayDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = request.Settings ?? ClientSettings.Default;
        var errors = settings.Validate();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["Required, at most 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var name = request.Name.Trim();
        if (await db.Clients.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Client exists", detail: $"A client named '{name}' exists in this tenant.", type: "https://collections.example/problems/client-exists");
        }

        var now = clock.GetUtcNow();
        var client = ClientBusiness.Create(tenant.RequiredTenantId, name, settings, now);
        db.Clients.Add(client);
        db.AddIntegrationEvent(SettingsChanged(client, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/clients/{client.Id}", ClientResponse.From(client));
    }

    public static async Task<Ok<ClientResponse[]>> ListClients(GatewayDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Clients.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ClientResponse.From).ToArray());

    public static async Task<Results<Ok<ClientResponse>, NotFound>> GetClient(Guid clientId, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) is { } client
            ? TypedResults.Ok(ClientResponse.From(client))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<ClientResponse>, NotFound, ValidationProblem>> ChangeClientSettings(
        Guid clientId, ClientSettings settings, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return TypedResults.NotFound();
        }

        client.ChangeSettings(settings with { PaymentApplicationOrder = [.. settings.PaymentApplicationOrder] });
        db.AddIntegrationEvent(SettingsChanged(client, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClientResponse.From(client));
    }

    public static async Task<Results<Created<NewApiKeyResponse>, NotFound, ValidationProblem>> CreateApiKey(
        Guid clientId, NewApiKeyRequest request, GatewayDbContext db, TenantContext tenant, Caller caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Required, at most 100 characters."] });
        }

        if (!await db.Clients.AnyAsync(c => c.Id == clientId && c.IsActive, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var (key, prefix, hash) = ApiKeyCodec.Generate();
        var apiKey = ApiKey.Create(tenant.RequiredTenantId, clientId, request.Name, prefix, hash, Guid.Parse(caller.Subject), clock.GetUtcNow());
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/v1/admin/clients/{clientId}/api-keys/{apiKey.Id}",
            new NewApiKeyResponse(apiKey.Id, clientId, apiKey.Name, apiKey.Prefix, key, apiKey.CreatedAt));
    }

    public static async Task<Results<Ok<ApiKeyResponse[]>, NotFound>> ListApiKeys(Guid clientId, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.ClientId == clientId).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(ApiKeyResponse.From).ToArray());
    }

    public static async Task<Results<Ok<ApiKeyResponse>, NotFound>> RevokeApiKey(Guid clientId, Guid keyId, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.ClientId == clientId, cancellationToken);
        if (key is null)
        {
            return TypedResults.NotFound();
        }

        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ApiKeyResponse.From(key));
    }

    public static async Task<Ok<RateLimits>> GetRateLimits(GatewayDbContext db, TenantContext tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Tenants.Where(t => t.Id == tenant.RequiredTenantId).Select(t => t.RateLimits).SingleAsync(cancellationToken));

    public static async Task<Results<Ok<RateLimits>, ValidationProblem>> ChangeRateLimits(RateLimits limits, GatewayDbContext db, TenantContext tenant, CancellationToken cancellationToken)
    {
        var errors = RateLimitsRequest.Check(limits);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var row = await db.Tenants.SingleAsync(t => t.Id == tenant.RequiredTenantId, cancellationToken);
        row.ChangeRateLimits(limits);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(row.RateLimits);
    }

    private static ClientSettingsChanged SettingsChanged(ClientBusiness client, DateTimeOffset now) => new()
    {
        TenantId = client.TenantId,
        OccurredAt = now,
        ClientId = client.Id,
        ClientName = client.Name,
        ContingencyFeePercent = client.Settings.ContingencyFeePercent,
        AgentSettlementDiscountPercent = client.Settings.AgentSettlementDiscountPercent,
        SupervisorSettlementDiscountPercent = client.Settings.SupervisorSettlementDiscountPercent,
        PaymentApplicationOrder = [.. client.Settings.PaymentApplicationOrder],
    };

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")]
    internal static partial Regex EmailPattern();
}

/// <summary>A staff user to create.</summary>
/// <param name="Email">Sign-in name, unique in the tenant.</param>
/// <param name="DisplayName">Name shown to colleagues.</param>
/// <param name="Password">At least 12 characters; stored only as an Argon2id hash.</param>
/// <param name="Roles">Any of agent, senior-agent, supervisor, compliance-officer, admin.</param>
public sealed record NewUserRequest(string Email, string DisplayName, string Password, IReadOnlyList<string>? Roles)
{
    public Dictionary<string, string[]> Validate(bool requireRoles)
    {
        var errors = new Dictionary<string, string[]>();
        if (Email is null || Email.Length > 254 || !AdminApi.EmailPattern().IsMatch(Email.Trim()))
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 200)
        {
            errors["displayName"] = ["Required, at most 200 characters."];
        }

        if (PasswordHasher.Weakness(Password) is { } weakness)
        {
            errors["password"] = [weakness];
        }

        if (requireRoles && CheckRoles(Roles) is { } problem)
        {
            errors["roles"] = [problem];
        }

        return errors;
    }

    public static string? CheckRoles(IReadOnlyList<string>? roles) =>
        roles is null || roles.Count == 0 || roles.Any(r => r is null || !BuildingBlocks.Security.Roles.Staff.Contains(r))
            ? $"One or more of: {string.Join(", ", BuildingBlocks.Security.Roles.Staff.Order(StringComparer.Ordinal))}."
            : null;
}

/// <summary>New roles for a user.</summary>
public sealed record ChangeRolesRequest(IReadOnlyList<string>? Roles);

/// <summary>A staff user as the admin API shows it (never the password hash).</summary>
public sealed record UserResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset CreatedAt)
{
    public static UserResponse From(StaffUser user) => new(user.Id, user.Email, user.DisplayName, user.Roles, user.IsDisabled, user.CreatedAt);
}

/// <summary>A client (creditor) to create.</summary>
/// <param name="Name">The creditor's name, unique in the tenant.</param>
/// <param name="Settings">Contingency fee, settlement authority and payment application order; defaults 25 %, 10 %, 30 %, fees → interest → principal.</param>
public sealed record NewClientRequest(string Name, ClientSettings? Settings);

/// <summary>A client as the admin API shows it.</summary>
public sealed record ClientResponse(Guid Id, string Name, ClientSettings Settings, bool Active, DateTimeOffset CreatedAt)
{
    public static ClientResponse From(ClientBusiness client) => new(client.Id, client.Name, client.Settings, client.IsActive, client.CreatedAt);
}

/// <summary>An API key to create.</summary>
/// <param name="Name">What the key is for, e.g. "nightly placement upload".</param>
public sealed record NewApiKeyRequest(string Name);

/// <summary>A new API key: <paramref name="Key"/> is shown here once and never again.</summary>
public sealed record NewApiKeyResponse(Guid Id, Guid ClientId, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

/// <summary>An API key without its secret.</summary>
public sealed record ApiKeyResponse(Guid Id, Guid ClientId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) => new(key.Id, key.ClientId, key.Name, key.Prefix, key.CreatedAt, key.RevokedAt);
}

/// <summary>Checks for rate limits.</summary>
public static class RateLimitsRequest
{
    public static Dictionary<string, string[]> Check(RateLimits limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (limits.ApiKeyPerMinute is < 1 or > RateLimits.Max)
        {
            errors["apiKeyPerMinute"] = [$"Between 1 and {RateLimits.Max}."];
        }

        if (limits.ConsumerSessionPerMinute is < 1 or > RateLimits.Max)
        {
            errors["consumerSessionPerMinute"] = [$"Between 1 and {RateLimits.Max}."];
        }

        if (limits.StaffUserPerMinute is < 1 or > RateLimits.Max)
        {
            errors["staffUserPerMinute"] = [$"Between 1 and {RateLimits.Max}."];
        }

        return errors;
    }
}
