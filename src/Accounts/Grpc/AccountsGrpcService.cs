using System.Globalization;
using System.Runtime.CompilerServices;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.Contracts.Grpc.Accounts;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Money = Collections.Contracts.Grpc.Money;

namespace Collections.Accounts.Grpc;

/// <summary>Account details for the other services, always within the caller's tenant.</summary>
public sealed class AccountsGrpcService(AccountsDbContext db, TimeProvider clock) : AccountsService.AccountsServiceBase
{
    /// <summary>Accounts read per database round trip while streaming: memory stays flat however many the tenant has.</summary>
    internal const int StreamBatchSize = 500;

    /// <summary>Statuses in which an account may still be collected.</summary>
    private static readonly AccountStatus[] Collectable = [AccountStatus.Placed, AccountStatus.InValidationPeriod, AccountStatus.Active];

    public override async Task<AccountReply> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.AccountId, out var accountId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "account_id must be a GUID."));
        }

        var account = await db.Accounts.AsNoTracking().Include(a => a.Consumer).SingleOrDefaultAsync(a => a.Id == accountId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Account {accountId} was not found."));

        return new AccountReply
        {
            AccountId = account.Id.ToString(),
            TenantId = account.TenantId.ToString(),
            ClientId = account.ClientId.ToString(),
            ClientReference = account.ClientReference,
            OriginalCreditor = account.OriginalCreditor,
            CurrentCreditor = account.CurrentCreditor,
            ConsumerId = account.ConsumerId.ToString(),
            ConsumerName = $"{account.Consumer.FirstName} {account.Consumer.LastName}",
            Jurisdiction = account.Jurisdiction,
            Status = account.Status.ToString(),
            Principal = Money.From(account.Principal, account.Currency),
            Interest = Money.From(account.Interest, account.Currency),
            Fees = Money.From(account.Fees, account.Currency),
            TotalBalance = Money.From(account.Balance, account.Currency),
            PlacedAt = Timestamp.FromDateTimeOffset(account.PlacedAt),
        };
    }

    /// <summary>
    /// Whether the facts someone gives at portal sign-in are those of the consumer of an account of
    /// the tenant. Every mismatch (unknown reference, wrong date of birth, wrong postal code) gets the
    /// same reply, so a caller cannot find out which fact was wrong or whether the reference exists.
    /// </summary>
    public override async Task<VerifyConsumerReply> VerifyConsumer(VerifyConsumerRequest request, ServerCallContext context)
    {
        var reference = request.AccountReference.Trim();
        if (reference.Length == 0 || string.IsNullOrWhiteSpace(request.PostalCode)
            || !DateOnly.TryParseExact(request.DateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateOfBirth))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument, "account_reference, date_of_birth (yyyy-MM-dd) and postal_code are all required."));
        }

        // Different clients of a tenant may use the same reference: any of their accounts can match.
        var consumers = await db.Accounts.AsNoTracking()
            .Where(a => a.ClientReference == reference)
            .OrderBy(a => a.PlacedAt)
            .Select(a => a.Consumer)
            .ToListAsync(context.CancellationToken);
        var proven = consumers.FirstOrDefault(c => c.IsProvenBy(dateOfBirth, request.PostalCode));
        return proven is null
            ? new VerifyConsumerReply { Matched = false }
            : new VerifyConsumerReply { Matched = true, ConsumerId = proven.Id.ToString() };
    }

    /// <summary>A consumer's contact facts for the compliance engine; a consumer of another tenant is not found.</summary>
    public override async Task<ConsumerReply> GetConsumer(GetConsumerRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.ConsumerId, out var consumerId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "consumer_id must be a GUID."));
        }

        var consumer = await db.Consumers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == consumerId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Consumer {consumerId} was not found."));
        var reply = new ConsumerReply
        {
            ConsumerId = consumer.Id.ToString(),
            FirstName = consumer.FirstName,
            LastName = consumer.LastName,
            Language = consumer.Language ?? "",
        };
        reply.Addresses.AddRange(consumer.Addresses.Select(a => new PostalAddress
        {
            Line1 = a.Line1,
            Line2 = a.Line2 ?? "",
            City = a.City,
            State = a.State ?? "",
            PostalCode = a.PostalCode ?? "",
            Country = a.Country,
            TimeZone = a.TimeZone ?? "",
        }));
        reply.Phones.AddRange(PhonesOf(consumer));
        reply.Emails.AddRange(EmailsOf(consumer));
        reply.TimeZones.AddRange(consumer.TimeZones);
        return reply;
    }

    private static IEnumerable<PhoneNumber> PhonesOf(Consumer consumer) => consumer.Phones.Select(p => new PhoneNumber
    {
        Number = p.Number,
        Type = p.Type,
        AutodialerConsent = p.AutodialerConsent,
        ConsentGivenAt = p.ConsentGivenAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        TimeZone = p.TimeZone ?? "",
    });

    private static IEnumerable<EmailAddress> EmailsOf(Consumer consumer) =>
        consumer.Emails.Select(e => new EmailAddress { Address = e.Address, Consent = e.Consent });

    /// <summary>
    /// Every collectable account of the tenant in id order, read in keyset batches so the stream never
    /// holds more than one batch; resumable after <c>after_account_id</c>.
    /// </summary>
    public override async Task StreamAccountsForStrategy(
        StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccount> responseStream, ServerCallContext context)
    {
        await foreach (var batch in StrategyBatchesAsync(request, context.CancellationToken))
        {
            foreach (var account in batch)
            {
                await responseStream.WriteAsync(account, context.CancellationToken);
            }
        }
    }

    public override async Task StreamAccountBatchesForStrategy(
        StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccountBatch> responseStream, ServerCallContext context)
    {
        await foreach (var batch in StrategyBatchesAsync(request, context.CancellationToken))
        {
            var message = new StrategyAccountBatch();
            message.Accounts.AddRange(batch);
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    /// <summary>The collectable accounts after <c>after_account_id</c> in id order, <see cref="StreamBatchSize"/> per read.</summary>
    private async IAsyncEnumerable<List<StrategyAccount>> StrategyBatchesAsync(
        StreamAccountsForStrategyRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        Guid? clientId = null;
        if (request.AfterAccountId.Length > 0)
        {
            after = Guid.TryParse(request.AfterAccountId, out var parsed)
                ? parsed
                : throw new RpcException(new Status(StatusCode.InvalidArgument, "after_account_id must be a GUID or empty."));
        }

        if (request.ClientId.Length > 0)
        {
            clientId = Guid.TryParse(request.ClientId, out var parsed)
                ? parsed
                : throw new RpcException(new Status(StatusCode.InvalidArgument, "client_id must be a GUID or empty."));
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var periods = new LimitationPeriods(await db.LimitationPeriods.AsNoTracking().ToListAsync(cancellationToken));
        while (true)
        {
            var accounts = db.Accounts.AsNoTracking().Where(a => Collectable.Contains(a.Status));
            if (clientId is { } client)
            {
                accounts = accounts.Where(a => a.ClientId == client);
            }

            if (after is { } last)
            {
                accounts = accounts.Where(a => a.Id.CompareTo(last) > 0);
            }

            var batch = await accounts.OrderBy(a => a.Id).Take(StreamBatchSize)
                .Include(a => a.Consumer).Include(a => a.Holds).AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (batch.Count > 0)
            {
                yield return batch.ConvertAll(account => ToStrategyAccount(account, periods, today));
            }

            if (batch.Count < StreamBatchSize)
            {
                yield break;
            }

            after = batch[^1].Id;
        }
    }

    private static StrategyAccount ToStrategyAccount(Account account, LimitationPeriods periods, DateOnly today)
    {
        var timeBarredAt = periods.For(account.Jurisdiction, today)?.TimeBarredAt(account.DelinquencyDate, account.ChargeOffDate, account.LastPaymentDate);
        var reply = new StrategyAccount
        {
            AccountId = account.Id.ToString(),
            ClientId = account.ClientId.ToString(),
            ConsumerId = account.ConsumerId.ToString(),
            Status = account.Status.ToString(),
            Jurisdiction = account.Jurisdiction,
            Segment = account.Segment ?? "",
            Score = account.Score ?? 0,
            TotalBalance = Money.From(account.Balance, account.Currency),
            PlacedAt = Timestamp.FromDateTimeOffset(account.PlacedAt),
            LastPaymentAt = account.LastPaymentDate is { } paid
                ? Timestamp.FromDateTimeOffset(new DateTimeOffset(paid.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
                : null,
            TimeBarred = timeBarredAt <= today,
            Language = account.Consumer.Language ?? "",
        };
        reply.Holds.AddRange(account.HoldKinds);
        reply.TimeZones.AddRange(account.Consumer.TimeZones);

        // The consumer's numbers and addresses (JSON columns on the consumer's row, loaded with it), so the strategy
        // run needs no GetConsumer per account.
        reply.Phones.AddRange(PhonesOf(account.Consumer));
        reply.Emails.AddRange(EmailsOf(account.Consumer));
        return reply;
    }
}
