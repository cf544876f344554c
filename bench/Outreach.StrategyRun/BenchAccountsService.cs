using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Grpc;
using Collections.Contracts.Grpc.Accounts;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;

namespace Collections.Benchmarks.StrategyRun;

/// <summary>
/// The Accounts side of the benchmark: serves <c>StreamAccountsForStrategy</c>, <c>StreamAccountBatchesForStrategy</c> and <c>GetConsumer</c> over gRPC from
/// PostgreSQL tables shaped like what Accounts streams (one row per account, one per consumer), keyset-paged by account id.
/// </summary>
public sealed class BenchAccountsService(NpgsqlDataSource accounts) : AccountsService.AccountsServiceBase
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions FlushNow = new();
    private static readonly Timestamp ConsentGivenAt = Timestamp.FromDateTime(new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc));

    public const string StreamSql = """
        SELECT a.id, a.client_id, a.consumer_id, a.status, a.jurisdiction, a.segment, a.score, a.balance, a.currency, a.holds, a.placed_at, a.last_payment_at, a.time_barred, a.time_zones, a.language, c.mobile, c.email
        FROM accounts a JOIN consumers c ON c.id = a.consumer_id WHERE a.tenant_id = $1 AND a.id > $2 ORDER BY a.id
        """;

    /// <summary>Accounts per message of the batched stream.</summary>
    public const int MessageBatchSize = 500;

    public override async Task StreamAccountsForStrategy(StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccount> responseStream, ServerCallContext context)
    {
        var written = 0;
        await foreach (var account in ReadAsync(request, context))
        {
            // Messages are buffered and flushed every 256 (and at the end) rather than one network write each.
            responseStream.WriteOptions = ++written % 256 == 0 ? FlushNow : Buffered;
            await responseStream.WriteAsync(account, context.CancellationToken);
        }
    }

    public override async Task StreamAccountBatchesForStrategy(StreamAccountsForStrategyRequest request, IServerStreamWriter<StrategyAccountBatch> responseStream, ServerCallContext context)
    {
        var batch = new StrategyAccountBatch();
        await foreach (var account in ReadAsync(request, context))
        {
            batch.Accounts.Add(account);
            if (batch.Accounts.Count == MessageBatchSize)
            {
                await responseStream.WriteAsync(batch, context.CancellationToken);
                batch = new StrategyAccountBatch();
            }
        }

        if (batch.Accounts.Count > 0)
        {
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }

    private async IAsyncEnumerable<StrategyAccount> ReadAsync(StreamAccountsForStrategyRequest request, ServerCallContext context)
    {
        var tenantId = TenantOf(context);
        var after = Guid.TryParse(request.AfterAccountId, out var a) ? a : Guid.Empty;
        await using var command = accounts.CreateCommand(StreamSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        while (await reader.ReadAsync(context.CancellationToken))
        {
            var balance = reader.GetDecimal(7);
            var account = new StrategyAccount
            {
                AccountId = reader.GetGuid(0).ToString(),
                ClientId = reader.GetGuid(1).ToString(),
                ConsumerId = reader.GetGuid(2).ToString(),
                Status = reader.GetString(3),
                Jurisdiction = reader.GetString(4),
                Segment = reader.GetString(5),
                Score = reader.GetInt32(6),
                TotalBalance = new Money { CurrencyCode = reader.GetString(8), Units = (long)decimal.Truncate(balance), Nanos = (int)((balance - decimal.Truncate(balance)) * 1_000_000_000m) },
                PlacedAt = Timestamp.FromDateTime(reader.GetDateTime(10)),
                TimeBarred = reader.GetBoolean(12),
                Language = reader.GetString(14),
            };
            account.Holds.AddRange(reader.GetFieldValue<string[]>(9));
            account.TimeZones.AddRange(reader.GetFieldValue<string[]>(13));
            if (!reader.IsDBNull(11))
            {
                account.LastPaymentAt = Timestamp.FromDateTime(reader.GetDateTime(11));
            }

            account.Phones.Add(new Contracts.Grpc.Accounts.PhoneNumber { Number = reader.GetString(15), Type = "mobile", AutodialerConsent = true, ConsentGivenAt = ConsentGivenAt, TimeZone = account.TimeZones[0] });
            account.Emails.Add(new EmailAddress { Address = reader.GetString(16), Consent = true });

            yield return account;
        }
    }

    public override async Task<ConsumerReply> GetConsumer(GetConsumerRequest request, ServerCallContext context)
    {
        var tenantId = TenantOf(context);
        if (!Guid.TryParse(request.ConsumerId, out var consumerId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "consumer_id is not a uuid."));
        }

        await using var command = accounts.CreateCommand("SELECT first_name, last_name, language, mobile, email, time_zone FROM consumers WHERE tenant_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = consumerId });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        if (!await reader.ReadAsync(context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "No such consumer."));
        }

        var reply = new ConsumerReply { ConsumerId = request.ConsumerId, FirstName = reader.GetString(0), LastName = reader.GetString(1), Language = reader.GetString(2) };
        reply.TimeZones.Add(reader.GetString(5));
        reply.Phones.Add(new Contracts.Grpc.Accounts.PhoneNumber { Number = reader.GetString(3), Type = "mobile", AutodialerConsent = true, ConsentGivenAt = Timestamp.FromDateTime(new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc)), TimeZone = reader.GetString(5) });
        reply.Emails.Add(new EmailAddress { Address = reader.GetString(4), Consent = true });
        return reply;
    }

    private static Guid TenantOf(ServerCallContext context) =>
        Guid.TryParse(context.RequestHeaders.GetValue(TenantHeaders.TenantId), out var tenantId)
            ? tenantId
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "x-tenant-id is required."));
}
