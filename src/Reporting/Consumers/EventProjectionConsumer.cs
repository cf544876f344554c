using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.Reporting.Infrastructure;
using MassTransit;

namespace Collections.Reporting.Consumers;

/// <summary>
/// Reporting's one consumer: every event it reports on arrives on one queue and goes through the same log-then-project
/// path, so replaying the log (a rebuild) runs exactly the code the live stream runs. Many messages are consumed at once
/// and written many per transaction by the <see cref="ProjectionBatcher"/>, which records each in the inbox itself (the
/// queue is exempt from the inbox filter).
/// </summary>
public sealed class EventProjectionConsumer(ProjectionBatcher batcher) :
    IConsumer<AccountPlaced>, IConsumer<AccountSegmented>, IConsumer<StrategyAssigned>, IConsumer<AccountBalanceChanged>,
    IConsumer<AccountStatusChanged>, IConsumer<AccountHoldChanged>, IConsumer<AccountRecalled>, IConsumer<ContactAttempted>,
    IConsumer<RightPartyContacted>, IConsumer<PromiseToPayMade>, IConsumer<PromiseToPayKept>, IConsumer<PromiseToPayBroken>,
    IConsumer<PaymentPosted>, IConsumer<PaymentReversed>, IConsumer<PaymentPlanCreated>, IConsumer<SettlementAgreed>,
    IConsumer<SettlementFulfilled>, IConsumer<DisputeOpened>, IConsumer<DisputeResolved>, IConsumer<ComplaintOpened>,
    IConsumer<ComplaintResolved>, IConsumer<RemittanceStatementIssued>
{
    public Task Consume(ConsumeContext<AccountPlaced> context) => Project(context);

    public Task Consume(ConsumeContext<AccountSegmented> context) => Project(context);

    public Task Consume(ConsumeContext<StrategyAssigned> context) => Project(context);

    public Task Consume(ConsumeContext<AccountBalanceChanged> context) => Project(context);

    public Task Consume(ConsumeContext<AccountStatusChanged> context) => Project(context);

    public Task Consume(ConsumeContext<AccountHoldChanged> context) => Project(context);

    public Task Consume(ConsumeContext<AccountRecalled> context) => Project(context);

    public Task Consume(ConsumeContext<ContactAttempted> context) => Project(context);

    public Task Consume(ConsumeContext<RightPartyContacted> context) => Project(context);

    public Task Consume(ConsumeContext<PromiseToPayMade> context) => Project(context);

    public Task Consume(ConsumeContext<PromiseToPayKept> context) => Project(context);

    public Task Consume(ConsumeContext<PromiseToPayBroken> context) => Project(context);

    public Task Consume(ConsumeContext<PaymentPosted> context) => Project(context);

    public Task Consume(ConsumeContext<PaymentReversed> context) => Project(context);

    public Task Consume(ConsumeContext<PaymentPlanCreated> context) => Project(context);

    public Task Consume(ConsumeContext<SettlementAgreed> context) => Project(context);

    public Task Consume(ConsumeContext<SettlementFulfilled> context) => Project(context);

    public Task Consume(ConsumeContext<DisputeOpened> context) => Project(context);

    public Task Consume(ConsumeContext<DisputeResolved> context) => Project(context);

    public Task Consume(ConsumeContext<ComplaintOpened> context) => Project(context);

    public Task Consume(ConsumeContext<ComplaintResolved> context) => Project(context);

    public Task Consume(ConsumeContext<RemittanceStatementIssued> context) => Project(context);

    private Task Project<T>(ConsumeContext<T> context)
        where T : IntegrationEvent
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(T).Name} arrived without a message id; the inbox cannot deduplicate it.");
        var header = context.Headers.Get<string>(TenantHeaders.TenantId);
        if (header is not null && (!Guid.TryParse(header, out var headerTenant) || headerTenant != context.Message.TenantId))
        {
            throw new InvalidOperationException($"Message {messageId} names tenant '{header}' in its header but {context.Message.TenantId} in its body.");
        }

        return batcher.ProjectAsync(context.Message, messageId, context.ReceiveContext.InputAddress.AbsolutePath.Trim('/'), context.CancellationToken);
    }
}

/// <summary>
/// Lets many events be consumed at once so the batcher can write them many per transaction: a consumer only waits for its
/// batch to commit and holds no database connection meanwhile.
/// </summary>
public sealed class EventProjectionConsumerDefinition : ConsumerDefinition<EventProjectionConsumer>
{
    public const int InFlight = 2000;

    public EventProjectionConsumerDefinition()
    {
        ConcurrentMessageLimit = InFlight;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EventProjectionConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = InFlight;
    }
}
