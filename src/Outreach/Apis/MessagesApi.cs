using System.Security.Cryptography;
using System.Text;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Outreach.Channels;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Apis;

/// <summary>Message templates, the messages sent, and opting out by an SMS keyword or an email link.</summary>
public static class MessagesApi
{
    private static readonly string[] Managers = [Roles.Supervisor, Roles.Admin];

    /// <summary>Replies that opt a number out of texts (CTIA keywords).</summary>
    public static readonly IReadOnlySet<string> StopKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("api/v1/outreach/templates").WithTags("Messages");
        templates.MapGet("/", ListTemplates).WithSummary("The tenant's message templates and the shipped defaults");
        templates.MapPut("/{key}/{channel}/{language}", SetTemplate)
            .WithSummary("Write a message template")
            .WithDescription("HTML for Email and Letter, plain text for Sms; placeholders {{FirstName}}, {{ConsumerName}}, {{Creditor}}, {{ClientReference}}, {{Balance}} (HTML-encoded in emails and letters). Every email gets the opt-out link and every text \"Reply STOP to opt out\" appended.");

        app.MapGet("api/v1/outreach/accounts/{accountId:guid}/messages", ListMessages).WithTags("Messages")
            .WithSummary("Messages sent about an account")
            .WithDescription("As rendered and delivered by the development channel providers; staff see the tenant's, a client its accounts', a consumer only their own.");

        var optOuts = app.MapGroup("api/v1/outreach").WithTags("Opt-out");
        optOuts.MapPost("/sms/inbound", InboundSmsFromCaller)
            .WithSummary("An inbound text (internal callers)")
            .WithDescription("STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT opts the sending number out of texts at once.");
        optOuts.MapPost("/tenants/{tenantId:guid}/sms/inbound", InboundSmsFromProvider).AllowAnonymous()
            .WithSummary("An inbound text (SMS provider webhook)")
            .WithDescription("Authenticated by the tenant's shared secret in the X-Webhook-Secret header. STOP keywords opt the sending number out of texts at once.");
        optOuts.MapPost("/sms/webhook-secret", RotateWebhookSecret)
            .WithSummary("Create or replace the tenant's SMS webhook secret (admins)")
            .WithDescription("Returns the secret once; only its hash is kept.");
        optOuts.MapGet("/email-opt-outs", OptOutByLink).AllowAnonymous()
            .WithSummary("Opt an email address out (the link in every email)");
        optOuts.MapPost("/email-opt-outs", OptOutByToken).AllowAnonymous()
            .WithSummary("Opt an email address out (one-click)");
        return app;
    }

    public static async Task<Ok<TemplateResponse[]>> ListTemplates(Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var own = await db.MessageTemplates.AsNoTracking().ToListAsync(cancellationToken);
        var defaults = MessageTemplates.Defaults.Where(d => !own.Any(o => o.Key == d.Key && o.Channel == d.Channel && o.Language == d.Language));
        return TypedResults.Ok(own.Select(t => TemplateResponse.From(t, isDefault: false)).Concat(defaults.Select(t => TemplateResponse.From(t, isDefault: true))).ToArray());
    }

    public static async Task<Results<Ok<TemplateResponse>, ValidationProblem>> SetTemplate(
        string key, string channel, string language, TemplateRequest request, Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Managers);
        var errors = new Dictionary<string, string[]>();
        if (!StrategyRequest.TemplateKeyPattern().IsMatch(key))
        {
            errors["key"] = ["1–64 characters: lower-case letters, digits and '-'."];
        }

        if (!Enum.TryParse<ContactChannel>(channel, ignoreCase: true, out var parsed) || parsed is not (ContactChannel.Email or ContactChannel.Sms or ContactChannel.Letter) || int.TryParse(channel, out _))
        {
            errors["channel"] = ["Email, Sms or Letter."];
        }

        if (!MessageTemplates.Languages.Contains(language))
        {
            errors["language"] = ["en or es."];
        }

        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > (parsed == ContactChannel.Sms ? 600 : 20000))
        {
            errors["body"] = ["Up to 600 characters for a text, 20,000 for an email or letter."];
        }

        if (parsed != ContactChannel.Sms && (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > 200))
        {
            errors["subject"] = ["1–200 characters for an email or letter."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var template = await db.MessageTemplates.SingleOrDefaultAsync(t => t.Key == key && t.Channel == parsed && t.Language == language, cancellationToken);
        if (template is null)
        {
            template = new MessageTemplate { TenantId = tenant.RequiredTenantId, Key = key, Channel = parsed, Language = language };
            db.MessageTemplates.Add(template);
        }

        template.Subject = parsed == ContactChannel.Sms ? null : request.Subject;
        template.Body = request.Body!;
        template.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TemplateResponse.From(template, isDefault: false));
    }

    public static async Task<Results<Ok<MessageResponse[]>, NotFound>> ListMessages(Guid accountId, Caller caller, OutreachDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Accounts.VisibleTo(caller).AnyAsync(a => a.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var messages = await db.SentMessages.AsNoTracking().Where(m => m.AccountId == accountId).OrderByDescending(m => m.SentAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(messages.Select(MessageResponse.From).ToArray());
    }

    public static async Task<Results<Ok<InboundSmsResponse>, ValidationProblem>> InboundSmsFromCaller(
        InboundSms message, Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(ContactsApiRoles.Staff);
        return await InboundAsync(message, tenant.RequiredTenantId, db, clock, cancellationToken);
    }

    public static async Task<Results<Ok<InboundSmsResponse>, ValidationProblem, NotFound, ProblemHttpResult>> InboundSmsFromProvider(
        Guid tenantId, InboundSms message, [FromHeader(Name = "X-Webhook-Secret")] string? secret, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (tenantId == Guid.Empty || secret is not { Length: > 0 and <= 200 })
        {
            return NotAuthenticated("The X-Webhook-Secret header is missing or wrong.");
        }

        if (tenant.TenantId is { } signedIn && signedIn != tenantId)
        {
            return TypedResults.NotFound();
        }

        tenant.Use(tenantId);
        var stored = await db.SmsWebhookSecrets.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var presented = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        if (stored is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.SecretHash), Encoding.ASCII.GetBytes(presented)))
        {
            // The same answer for an unknown tenant and a wrong secret: neither is confirmed to a caller who does not hold it.
            return NotAuthenticated("The X-Webhook-Secret header is missing or wrong.");
        }

        return (await InboundAsync(message, tenantId, db, clock, cancellationToken)).Result switch
        {
            Ok<InboundSmsResponse> ok => ok,
            ValidationProblem problem => problem,
            _ => TypedResults.NotFound(),
        };
    }

    // These endpoints carry their own credential (the webhook secret, the signed link); without a valid one the answer is a 401 problem.
    private static ProblemHttpResult NotAuthenticated(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated.", detail: detail);

    public static async Task<Ok<WebhookSecretResponse>> RotateWebhookSecret(Caller caller, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.RequireStaffRole(Roles.Admin);
        var secret = "smsk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var stored = await db.SmsWebhookSecrets.SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            stored = new SmsWebhookSecret { TenantId = tenant.RequiredTenantId };
            db.SmsWebhookSecrets.Add(stored);
        }

        stored.SecretHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        stored.CreatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new WebhookSecretResponse(secret));
    }

    public static Task<Results<Ok<EmailOptOutResponse>, NotFound, ProblemHttpResult>> OptOutByLink(string? token, OptOutLinks links, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        OptOutEmailAsync(token, links, tenant, db, clock, cancellationToken);

    public static Task<Results<Ok<EmailOptOutResponse>, NotFound, ProblemHttpResult>> OptOutByToken(EmailOptOutRequest request, OptOutLinks links, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        OptOutEmailAsync(request.Token, links, tenant, db, clock, cancellationToken);

    private static async Task<Results<Ok<EmailOptOutResponse>, NotFound, ProblemHttpResult>> OptOutEmailAsync(string? token, OptOutLinks links, TenantContext tenant, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } optOut)
        {
            return NotAuthenticated("The opt-out token is missing, altered or not ours.");
        }

        if (tenant.TenantId is { } signedIn && signedIn != optOut.TenantId)
        {
            return TypedResults.NotFound();
        }

        tenant.Use(optOut.TenantId);
        var now = clock.GetUtcNow();
        var profile = await ProfileAsync(db, optOut.TenantId, optOut.ConsumerId, now, cancellationToken);
        var address = optOut.EmailAddress.Trim().ToLowerInvariant();
        if (!profile.OptedOutEmailAddresses.Contains(address))
        {
            profile.OptedOutEmailAddresses = [.. profile.OptedOutEmailAddresses, address];
            profile.UpdatedAt = now;
            db.AddIntegrationEvent(Changed(profile, "email-link", now));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(new EmailOptOutResponse(address, true));
    }

    private static async Task<Results<Ok<InboundSmsResponse>, ValidationProblem>> InboundAsync(InboundSms message, Guid tenantId, OutreachDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (message.From is null || !ContactsApi.E164().IsMatch(message.From) || message.Text is null || message.Text.Length > 1600)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["The sender's E.164 number and the text (up to 1,600 characters)."] });
        }

        if (!StopKeywords.Contains(message.Text.Trim()))
        {
            return TypedResults.Ok(new InboundSmsResponse(false, 0));
        }

        // The consumers this tenant texted at the number, or planned to.
        var now = clock.GetUtcNow();
        var consumers = await db.SentMessages.Where(m => m.Channel == ContactChannel.Sms && m.To == message.From).Select(m => m.ConsumerId)
            .Union(db.PlannedContacts.Where(p => p.Channel == ContactChannel.Sms && p.Target == message.From).Select(p => p.ConsumerId))
            .Distinct().ToListAsync(cancellationToken);
        foreach (var consumerId in consumers)
        {
            var profile = await ProfileAsync(db, tenantId, consumerId, now, cancellationToken);
            if (!profile.SmsOptedOutNumbers.Contains(message.From))
            {
                profile.SmsOptedOutNumbers = [.. profile.SmsOptedOutNumbers, message.From];
                profile.UpdatedAt = now;
                db.AddIntegrationEvent(Changed(profile, "sms-keyword", now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new InboundSmsResponse(true, consumers.Count));
    }

    private static async Task<ContactProfile> ProfileAsync(OutreachDbContext db, Guid tenantId, Guid consumerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.ConsumerId == consumerId, cancellationToken);
        if (profile is null)
        {
            profile = new ContactProfile { ConsumerId = consumerId, TenantId = tenantId, UpdatedAt = now };
            db.Profiles.Add(profile);
        }

        return profile;
    }

    private static ConsumerPreferencesChanged Changed(ContactProfile profile, string source, DateTimeOffset now) => new()
    {
        TenantId = profile.TenantId,
        OccurredAt = now,
        ConsumerId = profile.ConsumerId,
        PreferredChannel = profile.PreferredChannel?.ToString(),
        OptedOutChannels = [.. Enum.GetValues<ContactMedia>().Where(m => m != ContactMedia.None && profile.OptedOutMedia.HasFlag(m)).Select(m => m.ToString())],
        OptedOutAddressCount = profile.OptedOutNumbers.Count + profile.OptedOutEmailAddresses.Count + profile.SmsOptedOutNumbers.Count,
        Source = source,
    };
}

/// <summary>A template to write.</summary>
/// <param name="Subject">Email subject or letter title (1–200); ignored for texts.</param>
/// <param name="Body">HTML (email, letter) or text (SMS) with placeholders.</param>
public sealed record TemplateRequest(string? Subject, string? Body);

/// <summary>A template.</summary>
public sealed record TemplateResponse(string Key, string Channel, string Language, string? Subject, string Body, bool IsDefault)
{
    public static TemplateResponse From(MessageTemplate t, bool isDefault) => new(t.Key, t.Channel.ToString(), t.Language, t.Subject, t.Body, isDefault);
}

/// <summary>A message as sent.</summary>
public sealed record MessageResponse(Guid Id, string Channel, string To, string? Subject, string Body, string Language, DateTimeOffset SentAt)
{
    public static MessageResponse From(SentMessage m) => new(m.Id, m.Channel.ToString(), m.To, m.Subject, m.Body, m.Language, m.SentAt);
}

/// <summary>A text a consumer sent.</summary>
/// <param name="From">The sender's E.164 number.</param>
/// <param name="Text">The message.</param>
public sealed record InboundSms(string? From, string? Text);

/// <summary>Whether the text opted the number out, and for how many consumers.</summary>
public sealed record InboundSmsResponse(bool OptedOut, int Consumers);

/// <summary>The new webhook secret, shown once.</summary>
public sealed record WebhookSecretResponse(string Secret);

/// <summary>The token from an email's opt-out link.</summary>
public sealed record EmailOptOutRequest(string? Token);

/// <summary>The address is opted out.</summary>
public sealed record EmailOptOutResponse(string EmailAddress, bool OptedOut);
