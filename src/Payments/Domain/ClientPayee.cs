using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>
/// One contingency fee percentage a tenant agreed with a client, in force from
/// <see cref="EffectiveFrom"/> (the instant of the change) until the next one. A payment uses the rate
/// in force when it is posted; the history is kept so every posting can be explained.
/// </summary>
public sealed class ContingencyFeeRate : ITenantOwned
{
    private ContingencyFeeRate()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }

    public decimal Percent { get; private set; }

    public static ContingencyFeeRate From(Guid tenantId, Guid clientId, decimal percent, DateTimeOffset effectiveFrom) => new()
    {
        TenantId = tenantId,
        ClientId = clientId,
        Percent = percent,
        EffectiveFrom = effectiveFrom,
    };

    /// <summary>A valid contingency percentage: 0 to 100, at most two decimals.</summary>
    public static bool IsValid(decimal percent) => percent is >= 0m and <= 100m && decimal.Round(percent, 2) == percent;
}

/// <summary>Whether the client's remittance account is a checking or a savings account (NACHA transaction codes 22 and 32).</summary>
public enum BankAccountType
{
    Checking,
    Savings,
}

/// <summary>
/// A client as remittance knows it: its name (from <c>ClientSettingsChanged</c>) and the bank account
/// its net due is credited to, set by tenant staff. The account number is kept only encrypted
/// (<see cref="AccountNumberCipher"/>), because the ACH credit file must carry it; everything shown
/// or logged uses the last four digits.
/// </summary>
public sealed class ClientPayee : ITenantOwned
{
    private ClientPayee()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid ClientId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The account holder's name as the receiving bank knows it.</summary>
    public string? AccountName { get; private set; }

    /// <summary>The receiving bank's ABA routing number (public, not secret).</summary>
    public string? RoutingNumber { get; private set; }

    /// <summary>The account number, encrypted with the remittance key (AES-256-GCM: nonce, tag, ciphertext).</summary>
    public byte[]? AccountNumberCipher { get; private set; }

    public string? AccountLastFour { get; private set; }

    public BankAccountType? AccountType { get; private set; }

    public DateTimeOffset? BankAccountChangedAt { get; private set; }

    public string? BankAccountChangedBy { get; private set; }

    public bool HasBankAccount => AccountNumberCipher is not null;

    public const int MaxNameLength = 200;

    public static ClientPayee For(Guid tenantId, Guid clientId, string name) => new() { TenantId = tenantId, ClientId = clientId, Name = Fit(name) };

    public void Rename(string name) => Name = Fit(name);

    private static string Fit(string name) => name.Length <= MaxNameLength ? name : name[..MaxNameLength];

    /// <summary>Sets where remittances go; <paramref name="accountNumberCipher"/> is the encrypted number.</summary>
    public void ChangeBankAccount(string accountName, string routingNumber, byte[] accountNumberCipher, string lastFour, BankAccountType type, string changedBy, DateTimeOffset now)
    {
        AccountName = accountName;
        RoutingNumber = routingNumber;
        AccountNumberCipher = accountNumberCipher;
        AccountLastFour = lastFour;
        AccountType = type;
        BankAccountChangedAt = now;
        BankAccountChangedBy = changedBy;
    }
}

/// <summary>
/// The tenant as originator of ACH credit files: its company name and identification and its
/// originating bank (ODFI), as the bank assigned them. Set by a tenant admin.
/// </summary>
public sealed class RemittanceOriginator : ITenantOwned
{
    private RemittanceOriginator()
    {
    }

    public Guid TenantId { get; private set; }

    /// <summary>Up to 16 characters, shown to the receiver.</summary>
    public string CompanyName { get; private set; } = "";

    /// <summary>The 10-character company identification (often "1" + EIN).</summary>
    public string CompanyIdentification { get; private set; } = "";

    /// <summary>The routing number of the originating bank that receives the file.</summary>
    public string OriginatingBankRouting { get; private set; } = "";

    /// <summary>Up to 23 characters.</summary>
    public string OriginatingBankName { get; private set; } = "";

    public DateTimeOffset ChangedAt { get; private set; }

    public static RemittanceOriginator For(Guid tenantId) => new() { TenantId = tenantId };

    public void Change(string companyName, string companyIdentification, string originatingBankRouting, string originatingBankName, DateTimeOffset now)
    {
        CompanyName = companyName;
        CompanyIdentification = companyIdentification;
        OriginatingBankRouting = originatingBankRouting;
        OriginatingBankName = originatingBankName;
        ChangedAt = now;
    }
}
