using Collections.Contracts.Events;
using Collections.Contracts.Grpc.Accounts;
using Collections.Outreach.Compliance;
using Collections.Outreach.Domain;
using Collections.Outreach.Infrastructure;
using Collections.Outreach.Strategies;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Collections.Outreach.Consumers;

/// <summary>
/// Schedules a reminder of a payment plan instalment falling due: on the consumer's preferred channel (email or SMS;
/// email first without a preference), falling back to the other when the preferred one has no address or the engine
/// blocks it for good (an opt-out, no consent). The engine decides now: allowed, it is sent now; blocked until a later
/// instant on or before the due date (night hours, an inconvenient time), it is sent then; blocked on every channel, the
/// block is stored with its reasons and nothing is sent. The dispatcher decides again at the send time. One reminder per
/// instalment: its key (plan and instalment number, on the due date) makes a redelivered event add nothing.
/// </summary>
public sealed class PaymentInstalmentDueConsumer(
    OutreachDbContext db,
    AccountsService.AccountsServiceClient accounts,
    ContactPolicy policy,
    TimeProvider clock,
    ILogger<PaymentInstalmentDueConsumer> logger) : IConsumer<PaymentInstalmentDue>
{
    public async Task Consume(ConsumeContext<PaymentInstalmentDue> context)
    {
        var due = context.Message;
        var cancellationToken = context.CancellationToken;
        var stepKey = StepKey(due.PaymentPlanId, due.InstalmentNumber);
        if (await db.PlannedContacts.AnyAsync(p => p.AccountId == due.AccountId && p.BusinessDate == due.DueDate && p.StepKey == stepKey, cancellationToken))
        {
            return;
        }

        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == due.AccountId, cancellationToken);
        if (account is null)
        {
            // The placement has not arrived yet: fail so the retry finds it.
            throw new InvalidOperationException($"Account {due.AccountId} is not known to outreach yet.");
        }

        var now = clock.GetUtcNow();
        ConsumerReply? consumer = null;
        try
        {
            consumer = await accounts.GetConsumerAsync(new GetConsumerRequest { ConsumerId = account.ConsumerId.ToString() }, cancellationToken: cancellationToken);
        }
        catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound)
        {
        }

        var zones = consumer?.TimeZones.Count > 0 ? (IReadOnlyList<string>)consumer.TimeZones : StateTimeZones.Of(account.Jurisdiction);
        var (_, until) = DailyStrategyRun.SendWindow(due.DueDate, zones);
        var reminder = new PlannedContact
        {
            Id = Guid.CreateVersion7(now),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ConsumerId = account.ConsumerId,
            BusinessDate = due.DueDate,
            StepKey = stepKey,
            Channel = ContactChannel.Email,
            TemplateKey = MessageTemplates.InstalmentReminder,
            Language = MessageTemplates.LanguageOf(consumer?.Language),
            ScheduledAt = now,
            State = PlannedContactState.Failed,
            Reasons = "no-address",
            DueAmount = due.Amount,
            DueCurrency = due.Currency,
            DueDate = due.DueDate,
            CreatedAt = now,
        };

        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.ConsumerId == account.ConsumerId, cancellationToken);
        if (consumer is not null && now < until)
        {
            var since = now - ContactDesk.HistoryWindow;
            var history = await db.Attempts.AsNoTracking()
                .Where(a => a.AccountId == account.AccountId && a.At >= since && a.At <= now)
                .OrderBy(a => a.At)
                .ToListAsync(cancellationToken);
            var firstBlock = default((ContactChannel Channel, ContactTarget Target, ContactDecision Decision)?);
            foreach (var channel in ChannelsFor(profile))
            {
                if (ContactTargets.Choose(channel, consumer) is not { } target)
                {
                    continue;
                }

                var contactContext = ContactDesk.ContextFor(
                    account.Jurisdiction, account.Holds, zones, ContactTargets.WithConsents(profile, consumer), history.Select(h => h.ToAttempt()), channel);
                var decision = policy.Decide(ContactTargets.Request(channel, target, now), contactContext);
                if (decision.IsAllowed || decision.EarliestAllowedAt is { } later && later < until)
                {
                    Use(reminder, channel, target);
                    reminder.ScheduledAt = decision.IsAllowed ? now : decision.EarliestAllowedAt!.Value;
                    reminder.State = PlannedContactState.Scheduled;
                    reminder.Reasons = null;
                    firstBlock = null;
                    break;
                }

                firstBlock ??= (channel, target, decision);
            }

            if (firstBlock is var (blockedChannel, blockedTarget, blocked))
            {
                Use(reminder, blockedChannel, blockedTarget);
                reminder.State = PlannedContactState.Blocked;
                reminder.Reasons = string.Join(',', blocked.Reasons.Select(r => r.Code));
            }
        }
        else if (now >= until)
        {
            reminder.Reasons = "past-due-date";
        }

        if (reminder.State != PlannedContactState.Scheduled)
        {
            reminder.CompletedAt = now;
            logger.LogInformation(
                "The reminder of instalment {InstalmentNumber} of plan {PaymentPlanId} is not sent: {Reasons}", due.InstalmentNumber, due.PaymentPlanId, reminder.Reasons);
        }

        db.PlannedContacts.Add(reminder);
    }

    /// <summary>The key of an instalment's reminder, unique with the account and the due date.</summary>
    public static string StepKey(Guid paymentPlanId, int instalmentNumber) => $"instalment:{paymentPlanId:N}:{instalmentNumber}";

    /// <summary>The preferred channel first, then the other; email first without a preference.</summary>
    private static ContactChannel[] ChannelsFor(ContactProfile? profile) =>
        profile?.PreferredChannel == ContactChannel.Sms ? [ContactChannel.Sms, ContactChannel.Email] : [ContactChannel.Email, ContactChannel.Sms];

    private static void Use(PlannedContact reminder, ContactChannel channel, ContactTarget target)
    {
        reminder.Channel = channel;
        reminder.Target = target.Address;
        reminder.TargetType = target.PhoneType;
    }
}
