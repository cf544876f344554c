using Collections.Contracts.Events;
using Collections.Reporting.Infrastructure;
using MassTransit;

namespace Collections.Reporting.Consumers;

/// <summary>
/// Reporting's one consumer: every event it reports on arrives on one queue and goes through the same log-then-project
/// path, so replaying the log (a rebuild) runs exactly the code the live stream runs.
/// </summary>
public sealed class EventProjectionConsumer(ReadModelProjector projector) :
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
        where T : IntegrationEvent => projector.RecordAndProjectAsync(context.Message, context.CancellationToken);
}

/// <summary>Lets many events be projected at once: each runs in its own transaction, serialised per account by the projector.</summary>
public sealed class EventProjectionConsumerDefinition : ConsumerDefinition<EventProjectionConsumer>
{
    public EventProjectionConsumerDefinition()
    {
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EventProjectionConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 128;
    }
}
