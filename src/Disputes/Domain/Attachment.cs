using System.Text;
using Collections.BuildingBlocks.Security;
using Collections.BuildingBlocks.Tenancy;

namespace Collections.Disputes.Domain;

/// <summary>
/// A document attached to a dispute or a complaint: a consumer's proof, a client's verification documents.
/// The metadata is kept here and the bytes in <see cref="AttachmentContent"/>, so listing never loads files.
/// </summary>
public sealed class Attachment : ITenantOwned, IAccountParties
{
    private Attachment()
    {
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid ConsumerId { get; private set; }

    /// <summary>The dispute or complaint it belongs to.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>"dispute" or "complaint".</summary>
    public string CaseKind { get; private set; } = "";

    /// <summary>The name the uploader gave the file, stripped of any path.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>The content type the bytes were checked to be: one of <see cref="AttachmentContentTypes.Allowed"/>.</summary>
    public string ContentType { get; private set; } = "";

    public long SizeBytes { get; private set; }

    /// <summary>SHA-256 of the bytes, lower-case hex.</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>The uploader's subject.</summary>
    public string UploadedBy { get; private set; } = "";

    /// <summary>staff, client or consumer.</summary>
    public string UploaderKind { get; private set; } = "";

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>Attaches a checked file to a case of the account; the history line names the file, its size and hash.</summary>
    public static (Attachment Attachment, AttachmentContent Content, CaseHistoryEntry History) Add(
        DisputableAccount account, Guid caseId, string caseKind, string fileName, string contentType, byte[] bytes, Actor actor, DateTimeOffset now)
    {
        var tenantId = account.TenantId;
        var accountId = account.AccountId;
        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            AccountId = accountId,
            ClientId = account.ClientId,
            ConsumerId = account.ConsumerId,
            CaseId = caseId,
            CaseKind = caseKind,
            FileName = fileName,
            ContentType = contentType,
            SizeBytes = bytes.LongLength,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            UploadedBy = actor.Id,
            UploaderKind = actor.Kind,
            UploadedAt = now,
        };
        var history = CaseHistoryEntry.Of(
            tenantId, accountId, caseId, caseKind, "attachment-added", actor, now,
            $"{attachment.Id} {fileName} ({contentType}, {bytes.LongLength} bytes, sha256 {attachment.Sha256})");
        return (attachment, new AttachmentContent(attachment.Id, tenantId, bytes), history);
    }
}

/// <summary>The bytes of an <see cref="Attachment"/>, stored in the service's database.</summary>
public sealed class AttachmentContent : ITenantOwned
{
    internal AttachmentContent(Guid attachmentId, Guid tenantId, byte[] bytes)
    {
        AttachmentId = attachmentId;
        TenantId = tenantId;
        Bytes = bytes;
    }

    public Guid AttachmentId { get; private set; }

    public Guid TenantId { get; private set; }

    public byte[] Bytes { get; private set; }
}

/// <summary>
/// The file types an attachment may have, recognised by their first bytes: a client's declared type is
/// never trusted alone, so an executable renamed to .pdf is refused.
/// </summary>
public static class AttachmentContentTypes
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string PlainText = "text/plain";

    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal) { Pdf, Png, Jpeg, PlainText };

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    /// <summary>The type <paramref name="bytes"/> are, by their signature; null when none of <see cref="Allowed"/>.</summary>
    public static string? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PdfMagic))
        {
            return Pdf;
        }

        if (bytes.StartsWith(PngMagic))
        {
            return Png;
        }

        if (bytes.StartsWith(JpegMagic))
        {
            return Jpeg;
        }

        return IsPlainText(bytes) ? PlainText : null;
    }

    /// <summary>The media type of a Content-Type value, lower case, without parameters (charset and the like).</summary>
    public static string MediaTypeOf(string? contentType) =>
        (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

    // Text is valid UTF-8 (a BOM allowed) without control characters other than tab, line feed, carriage return and form feed.
    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
            {
                return false;
            }
        }

        return true;
    }
}
