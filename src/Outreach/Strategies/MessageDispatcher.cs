using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Channels;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Strategies;

/// <summary>
/// Sends a tenant's due letters, emails and texts through the channel providers. Just before each send the compliance
/// engine decides again with what is known then (a STOP reply or an opt-out link since the run counts); a temporary
/// block moves the send to when it lifts that day, any other block cancels it. A send is recorded as a contact attempt
/// with outcome Sent and published as <c>ContactAttempted</c>.
/// </summary>
public sealed class MessageDispatcher(
    OutreachDbContext db,
    TenantContext tenant,
    AccountsService.AccountsServiceClient accounts,
    ContactPolicy policy,
    IEmailChannel email,
    ISmsChannel sms,
    ILetterChannel letters,
    OptOutLinks optOutLinks,
    ILogger<MessageDispatcher> logger)
{
    public const string SentBy = "channel:strategy";

    /// <summary>Sends up to <paramref name="limit"/> messages of the scope's tenant due at <paramref name="now"/>; returns how many were handled.</summary>
    public async Task<int> DispatchDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var due = await db.PlannedContacts
            .FromSql($"""SELECT * FROM planned_contacts WHERE "TenantId" = {tenant.RequiredTenantId} AND "State" = 'Scheduled' AND "ScheduledAt" <= {now} ORDER BY "ScheduledAt" LIMIT {limit} FOR UPDATE SKIP LOCKED""")
            .AsNoTracking()
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await DispatchAsync(id, now, cancellationToken);
            db.ChangeTracker.Clear();
        }

        return due.Count;
    }

    private async Task DispatchAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var action = await db.PlannedContacts.FromSql($"""SELECT * FROM planned_contacts WHERE "Id" = {id} AND "State" = 'Scheduled' FOR UPDATE SKIP LOCKED""").SingleOrDefaultAsync(cancellationToken);
        if (action is null)
        {
            return;
        }

        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == action.AccountId, cancellationToken);
        if (account is null)
        {
            Finish(action, PlannedContactState.Failed, "account-unknown", now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        AccountReply details;
        ConsumerReply consumer;
        try
        {
            details = await accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.AccountId.ToString() }, cancellationToken: cancellationToken);
            consumer = await accounts.GetConsumerAsync(new GetConsumerRequest { ConsumerId = account.ConsumerId.ToString() }, cancellationToken: cancellationToken);
        }
        catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound)
        {
            Finish(action, PlannedContactState.Failed, "account-unknown", now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var since = now - ContactDesk.HistoryWindow;
        var history = await db.Attempts.AsNoTracking().Where(a => a.AccountId == account.AccountId && a.At >= since && a.At <= now).ToListAsync(cancellationToken);
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.ConsumerId == account.ConsumerId, cancellationToken);
        var target = action.Target is null ? null : new ContactTarget(action.Target, action.TargetType);
        var zones = consumer.TimeZones.Count > 0 ? (IReadOnlyList<string>)consumer.TimeZones : StateTimeZones.Of(account.Jurisdiction);
        var context = ContactDesk.ContextFor(
            account.Jurisdiction, account.Holds, zones, ContactTargets.WithConsents(profile, consumer), history.OrderBy(h => h.At).Select(h => h.ToAttempt()), action.Channel);
        var decision = policy.Decide(ContactTargets.Request(action.Channel, target, now), context);
        if (!decision.IsAllowed)
        {
            var (_, until) = DailyStrategyRun.SendWindow(action.BusinessDate, zones);
            if (decision.EarliestAllowedAt is { } later && later < until)
            {
                action.ScheduledAt = later;
            }
            else
            {
                Finish(action, PlannedContactState.Blocked, string.Join(',', decision.Reasons.Select(r => r.Code)), now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var templates = await db.MessageTemplates.AsNoTracking().Where(t => t.Key == action.TemplateKey && t.Channel == action.Channel).ToListAsync(cancellationToken);
        var template = MessageTemplates.Choose(templates, action.TemplateKey, action.Channel, action.Language);
        if (template is null)
        {
            Finish(action, PlannedContactState.Failed, "template-missing", now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var optOutUrl = action.Channel == ContactChannel.Email
            ? optOutLinks.Link(new EmailOptOut(action.TenantId, action.ConsumerId, action.Target!))
            : null;
        var rendered = MessageTemplates.Render(template, new MessageData(
            consumer.FirstName,
            details.ConsumerName,
            details.CurrentCreditor is { Length: > 0 } current ? current : details.OriginalCreditor,
            details.ClientReference,
            details.TotalBalance is { } balance ? balance.Units + balance.Nanos / 1_000_000_000m : 0m,
            details.TotalBalance?.CurrencyCode ?? "",
            optOutUrl,
            action is { DueAmount: { } amount, DueDate: { } dueDate } ? new DueInstalment(amount, action.DueCurrency ?? "", dueDate) : null));
        var message = new OutboundMessage(
            action.TenantId, action.AccountId, action.ConsumerId, action.Channel, action.Target ?? "postal address on file", rendered.Subject, rendered.Body, template.Language, action.Id);
        try
        {
            await (action.Channel switch
            {
                ContactChannel.Email => email.SendAsync(message, cancellationToken),
                ContactChannel.Sms => sms.SendAsync(message, cancellationToken),
                _ => letters.SendAsync(message, cancellationToken),
            });
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning(failure, "The {Channel} provider failed to send planned contact {PlannedContactId}", action.Channel, action.Id);
            Finish(action, PlannedContactState.Failed, "provider-failed", now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        Finish(action, PlannedContactState.Sent, null, now);
        var attempt = new RecordedContact
        {
            Id = Guid.CreateVersion7(now),
            TenantId = action.TenantId,
            AccountId = action.AccountId,
            Channel = action.Channel,
            PhoneNumber = action.Channel == ContactChannel.Sms ? action.Target : null,
            PhoneNumberType = action.Channel == ContactChannel.Sms ? action.TargetType : null,
            EmailAddress = action.Channel == ContactChannel.Email ? action.Target : null,
            Outcome = ContactOutcome.Sent,
            At = now,
            RecordedBy = SentBy,
        };
        db.Attempts.Add(attempt);
        db.AddIntegrationEvent(new ContactAttempted
        {
            TenantId = action.TenantId,
            OccurredAt = now,
            AttemptId = attempt.Id,
            AccountId = action.AccountId,
            ClientId = account.ClientId,
            Channel = action.Channel.ToString(),
            Outcome = nameof(ContactOutcome.Sent),
            AttemptedAt = now,
            RecordedBy = SentBy,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Finish(PlannedContact action, PlannedContactState state, string? reasons, DateTimeOffset now)
    {
        action.State = state;
        action.Reasons = reasons;
        action.CompletedAt = now;
    }
}
