using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Disputes.Domain;

/// <summary>
/// The validation information of Regulation F's model notice (12 CFR 1006.34(c)) for one account, with the
/// dates computed when it was produced. The debt collector's name and how to reach it come from the tenant's
/// notice template when the notice is shown, because the tenant's name is not known to this service.
/// </summary>
public sealed class ValidationNotice : ITenantOwned, IAccountParties
{
    private ValidationNotice()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The client business that placed the account.</summary>
    public Guid ClientId { get; private set; }

    /// <summary>The consumer the notice is for.</summary>
    public Guid ConsumerId { get; private set; }

    /// <summary>The account number the notice shows: the client's own reference.</summary>
    public string AccountReference { get; private set; } = "";

    /// <summary>The creditor the debt was owed to on the itemization date.</summary>
    public string CreditorOnItemizationDate { get; private set; } = "";

    /// <summary>The creditor the debt is owed to now.</summary>
    public string CurrentCreditor { get; private set; } = "";

    public string Currency { get; private set; } = "";

    /// <summary>The reference date the itemization starts from: the day the account was placed.</summary>
    public DateOnly ItemizationDate { get; private set; }

    /// <summary>What was owed on the itemization date.</summary>
    public decimal AmountOnItemizationDate { get; private set; }

    /// <summary>Interest charged since the itemization date.</summary>
    public decimal InterestSinceItemization { get; private set; }

    /// <summary>Fees charged since the itemization date.</summary>
    public decimal FeesSinceItemization { get; private set; }

    /// <summary>Payments made since the itemization date.</summary>
    public decimal PaymentsSinceItemization { get; private set; }

    /// <summary>Credits applied since the itemization date.</summary>
    public decimal CreditsSinceItemization { get; private set; }

    /// <summary>Amount on the itemization date + interest + fees − payments − credits.</summary>
    public decimal CurrentAmount { get; private set; }

    /// <summary>The day the notice is (assumed) sent.</summary>
    public DateOnly SentOn { get; private set; }

    /// <summary>The day the consumer may be assumed to have received it.</summary>
    public DateOnly AssumedReceiptOn { get; private set; }

    /// <summary>The last day of the validation period; a dispute up to this day holds collection.</summary>
    public DateOnly ValidationPeriodEndsOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The validation period this notice opened.</summary>
    public ValidationPeriod Period => new(SentOn, AssumedReceiptOn, ValidationPeriodEndsOn);

    /// <summary>
    /// The notice for a newly placed account: itemized from the placement day, so nothing has accrued or
    /// been paid since, and the current amount is the placed balance.
    /// </summary>
    public static ValidationNotice ForPlacement(DisputableAccount account, DateOnly sentOn, DateTimeOffset now)
    {
        var period = ValidationPeriod.From(sentOn);
        return new ValidationNotice
        {
            Id = Guid.CreateVersion7(),
            TenantId = account.TenantId,
            AccountId = account.AccountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            AccountReference = account.ClientReference,
            CreditorOnItemizationDate = account.CurrentCreditor,
            CurrentCreditor = account.CurrentCreditor,
            Currency = account.Currency,
            ItemizationDate = DateOnly.FromDateTime(account.PlacedAt.UtcDateTime),
            AmountOnItemizationDate = account.Balance,
            CurrentAmount = account.Balance,
            SentOn = period.SentOn,
            AssumedReceiptOn = period.AssumedReceiptOn,
            ValidationPeriodEndsOn = period.EndsOn,
            CreatedAt = now,
        };
    }
}
