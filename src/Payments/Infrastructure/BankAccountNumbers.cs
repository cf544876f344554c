using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Collections.Payments.Infrastructure;

/// <summary>
/// Encrypts the clients' remittance bank account numbers (AES-256-GCM, key derived with HKDF from
/// <c>Payments:Remittance:AccountNumberKey</c>). They are the one bank number the platform must keep:
/// the ACH credit file that pays a client carries it. Stored only encrypted, decrypted only to write
/// that file, never logged, never in an event or a response.
/// </summary>
public sealed class BankAccountNumbers(IOptions<PaymentsOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[]? key = DeriveKey(options.Value.Remittance.AccountNumberKey);

    /// <summary>False when no key is configured: bank accounts cannot be set nor ACH files written.</summary>
    public bool IsConfigured => key is not null;

    public byte[] Encrypt(string accountNumber)
    {
        var plain = Encoding.ASCII.GetBytes(accountNumber);
        var sealedBox = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(RequiredKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize));
        return sealedBox;
    }

    public string Decrypt(byte[] sealedBox)
    {
        var plain = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(RequiredKey, TagSize);
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plain);
        return Encoding.ASCII.GetString(plain);
    }

    private byte[] RequiredKey => key ?? throw new InvalidOperationException("Payments:Remittance:AccountNumberKey is not configured.");

    private static byte[]? DeriveKey(string? secret) =>
        string.IsNullOrWhiteSpace(secret) || secret.Length < 32
            ? null
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.ASCII.GetBytes("collections/remittance/account-number"));
}
