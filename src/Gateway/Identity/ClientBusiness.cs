namespace Collections.Gateway.Identity;

/// <summary>A creditor that places accounts with a tenant and integrates through the API.</summary>
public sealed class ClientBusiness
{
    private ClientBusiness()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public string Name { get; private set; } = "";

    public ClientSettings Settings { get; private set; } = ClientSettings.Default;

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ClientBusiness Create(Guid tenantId, string name, ClientSettings settings, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        Name = name.Trim(),
        Settings = settings,
        IsActive = true,
        CreatedAt = now,
    };

    public void ChangeSettings(ClientSettings settings) => Settings = settings;

    public void Deactivate() => IsActive = false;
}

/// <summary>
/// What the tenant agreed with the client: its contingency fee, how deep a settlement an agent may
/// grant alone and a supervisor may approve (percent off the balance; deeper needs the client), and
/// the order in which a payment is applied to the balances.
/// </summary>
public sealed record ClientSettings(
    decimal ContingencyFeePercent,
    decimal AgentSettlementDiscountPercent,
    decimal SupervisorSettlementDiscountPercent,
    IReadOnlyList<string> PaymentApplicationOrder)
{
    public static readonly IReadOnlyList<string> BalanceParts = ["fees", "interest", "principal"];

    public static readonly ClientSettings Default = new(25m, 10m, 30m, BalanceParts);

    /// <summary>Field errors, empty when the settings are coherent.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (ContingencyFeePercent is < 0 or > 100)
        {
            errors["contingencyFeePercent"] = ["Must be between 0 and 100."];
        }

        if (AgentSettlementDiscountPercent is < 0 or > 100)
        {
            errors["agentSettlementDiscountPercent"] = ["Must be between 0 and 100."];
        }

        if (SupervisorSettlementDiscountPercent is < 0 or > 100)
        {
            errors["supervisorSettlementDiscountPercent"] = ["Must be between 0 and 100."];
        }
        else if (SupervisorSettlementDiscountPercent < AgentSettlementDiscountPercent)
        {
            errors["supervisorSettlementDiscountPercent"] = ["A supervisor may approve at least what an agent may grant alone."];
        }

        if (PaymentApplicationOrder is null
            || PaymentApplicationOrder.Count != BalanceParts.Count
            || !PaymentApplicationOrder.Order(StringComparer.Ordinal).SequenceEqual(BalanceParts.Order(StringComparer.Ordinal)))
        {
            errors["paymentApplicationOrder"] = ["Must list \"fees\", \"interest\" and \"principal\" once each, in the order payments are applied."];
        }

        return errors;
    }
}
