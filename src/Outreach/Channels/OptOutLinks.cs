using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Collections.Outreach.Channels;

/// <summary>Settings of opt-out links (<c>Outreach:OptOut</c>).</summary>
public sealed class OptOutSettings
{
    /// <summary>HMAC key of the email opt-out tokens, at least 32 characters; without one a random key lives as long as the process.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The public address links in emails start with (the gateway).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5100";
}

/// <summary>What an email opt-out token says: which tenant's consumer opts which address out.</summary>
public sealed record EmailOptOut(Guid TenantId, Guid ConsumerId, string EmailAddress);

/// <summary>Unguessable, signed email opt-out links: the token names the consumer and address and is HMAC-SHA256 signed.</summary>
public sealed class OptOutLinks
{
    private readonly byte[] key;
    private readonly string baseUrl;

    public OptOutLinks(IOptions<OptOutSettings> options, ILogger<OptOutLinks> logger)
    {
        var settings = options.Value;
        if (settings.SigningKey is { Length: >= 32 } configured)
        {
            key = Encoding.UTF8.GetBytes(configured);
        }
        else
        {
            logger.LogWarning("Outreach:OptOut:SigningKey is not set: opt-out links stop working when the process restarts");
            key = RandomNumberGenerator.GetBytes(32);
        }

        baseUrl = settings.PublicBaseUrl.TrimEnd('/');
    }

    public string Token(EmailOptOut optOut)
    {
        var payload = Encoding.UTF8.GetBytes($"{optOut.TenantId:N}|{optOut.ConsumerId:N}|{optOut.EmailAddress}");
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, payload))}";
    }

    public string Link(EmailOptOut optOut) => $"{baseUrl}/api/v1/outreach/email-opt-outs?token={Uri.EscapeDataString(Token(optOut))}";

    /// <summary>The opt-out a token names, or null when it is malformed or its signature does not match.</summary>
    public EmailOptOut? Read(string? token)
    {
        if (token is null || token.Length > 1024 || token.Split('.') is not [var payloadPart, var macPart])
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(payloadPart);
            var mac = Base64Url.DecodeFromChars(macPart);
            if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key, payload)))
            {
                return null;
            }

            return Encoding.UTF8.GetString(payload).Split('|') is [var tenant, var consumer, var email]
                && Guid.TryParseExact(tenant, "N", out var tenantId) && Guid.TryParseExact(consumer, "N", out var consumerId)
                ? new EmailOptOut(tenantId, consumerId, email)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
