using Collections.BuildingBlocks.Security;
using Collections.Disputes.Domain;
using Collections.Disputes.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Collections.Disputes.Apis;

/// <summary>Documents attached to disputes and complaints: upload, list, download.</summary>
public static class AttachmentsApi
{
    private const string ProblemBase = "https://collections.example/problems/";

    // Room for the multipart boundaries and part headers around the file itself.
    private const long MultipartAllowance = 64 * 1024;


    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/disputes/accounts/{accountId:guid}").WithTags("Attachments");
        Describe(api.MapPost("/disputes/{disputeId:guid}/attachments", UploadToDispute), "dispute");
        Describe(api.MapPost("/complaints/{complaintId:guid}/attachments", UploadToComplaint), "complaint");
        api.MapGet("/disputes/{disputeId:guid}/attachments", ListOfDispute).WithSummary("List the documents of a dispute");
        api.MapGet("/complaints/{complaintId:guid}/attachments", ListOfComplaint).WithSummary("List the documents of a complaint");
        api.MapGet("/disputes/{disputeId:guid}/attachments/{attachmentId:guid}", DownloadOfDispute)
            .WithSummary("Download a document of a dispute")
            .WithDescription("The file with its checked content type, as an attachment (never rendered inline). Staff, the account's client and its consumer; anyone else 404.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        api.MapGet("/complaints/{complaintId:guid}/attachments/{attachmentId:guid}", DownloadOfComplaint)
            .WithSummary("Download a document of a complaint")
            .WithDescription("The file with its checked content type, as an attachment (never rendered inline). Staff, the account's client and its consumer; anyone else 404.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return app;
    }

    private static void Describe(RouteHandlerBuilder upload, string kind) => upload
        .WithSummary($"Attach a document to a {kind}")
        .WithDescription($"The file as multipart/form-data (one part named \"file\") or as the raw body with its Content-Type and ?fileName=. PDF, PNG, JPEG or plain text, checked by the file's first bytes, not only the declared type (else 415); at most Disputes:MaxAttachmentBytes, 10 MiB by default (else 413). Anyone who may see the {kind} may attach; the SHA-256, the uploader and the instant go into the history.")
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            // Described rather than declared with Accepts(): Accepts would make routing answer 415 to any
            // other content type before the endpoint could answer 404 for a case the caller may not see.
            operation.RequestBody = UploadBody();
            return Task.CompletedTask;
        })
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .DisableAntiforgery();

    private static OpenApiRequestBody UploadBody()
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary },
                    Required = new HashSet<string> { "file" },
                },
            },
        };
        foreach (var type in AttachmentContentTypes.Allowed)
        {
            content[type] = new OpenApiMediaType { Schema = binary };
        }

        return new OpenApiRequestBody { Required = true, Description = "The file: a multipart form with a part named \"file\", or the raw bytes.", Content = content };
    }

    /// <summary>Attaches a document to a dispute.</summary>
    public static Task<Results<Created<AttachmentResponse>, NotFound, ProblemHttpResult>> UploadToDispute(
        Guid accountId, Guid disputeId, [FromQuery] string? fileName, HttpRequest request, Caller caller, DisputesDbContext db, IOptions<DisputesOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
        UploadAsync(accountId, disputeId, "dispute", request, fileName, caller, db, options.Value, clock, cancellationToken);

    /// <summary>Attaches a document to a complaint.</summary>
    public static Task<Results<Created<AttachmentResponse>, NotFound, ProblemHttpResult>> UploadToComplaint(
        Guid accountId, Guid complaintId, [FromQuery] string? fileName, HttpRequest request, Caller caller, DisputesDbContext db, IOptions<DisputesOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
        UploadAsync(accountId, complaintId, "complaint", request, fileName, caller, db, options.Value, clock, cancellationToken);

    /// <summary>The documents of a dispute, oldest first.</summary>
    public static Task<Results<Ok<List<AttachmentResponse>>, NotFound>> ListOfDispute(Guid accountId, Guid disputeId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken) =>
        ListAsync(accountId, disputeId, "dispute", caller, db, cancellationToken);

    /// <summary>The documents of a complaint, oldest first.</summary>
    public static Task<Results<Ok<List<AttachmentResponse>>, NotFound>> ListOfComplaint(Guid accountId, Guid complaintId, Caller caller, DisputesDbContext db, CancellationToken cancellationToken) =>
        ListAsync(accountId, complaintId, "complaint", caller, db, cancellationToken);

    /// <summary>One document of a dispute.</summary>
    public static Task<Results<FileContentHttpResult, NotFound>> DownloadOfDispute(
        Guid accountId, Guid disputeId, Guid attachmentId, HttpResponse response, Caller caller, DisputesDbContext db, CancellationToken cancellationToken) =>
        DownloadAsync(accountId, disputeId, attachmentId, "dispute", response, caller, db, cancellationToken);

    /// <summary>One document of a complaint.</summary>
    public static Task<Results<FileContentHttpResult, NotFound>> DownloadOfComplaint(
        Guid accountId, Guid complaintId, Guid attachmentId, HttpResponse response, Caller caller, DisputesDbContext db, CancellationToken cancellationToken) =>
        DownloadAsync(accountId, complaintId, attachmentId, "complaint", response, caller, db, cancellationToken);

    /// <summary>Stores a checked document on the case.</summary>
    private static async Task<Results<Created<AttachmentResponse>, NotFound, ProblemHttpResult>> UploadAsync(
        Guid accountId, Guid caseId, string caseKind, HttpRequest request, string? fileName, Caller caller, DisputesDbContext db, DisputesOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Who may not see the case learns nothing about it, whatever they sent.
        var account = await db.AccountVisibleToAsync(accountId, caller, cancellationToken);
        if (account is null || !await CaseExistsAsync(db, accountId, caseId, caseKind, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var (file, problem) = await ReadFileAsync(request, fileName, options.MaxAttachmentBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (attachment, content, history) = Attachment.Add(account, caseId, caseKind, file!.Name, file.ContentType, file.Bytes, caller.AsActor(), clock.GetUtcNow());
        db.Attachments.Add(attachment);
        db.AttachmentContents.Add(content);
        db.CaseHistory.Add(history);
        await db.SaveChangesAsync(cancellationToken);
        var segment = caseKind == "dispute" ? "disputes" : "complaints";
        return TypedResults.Created($"/api/v1/disputes/accounts/{accountId}/{segment}/{caseId}/attachments/{attachment.Id}", AttachmentResponse.From(attachment));
    }

    private static async Task<Results<Ok<List<AttachmentResponse>>, NotFound>> ListAsync(Guid accountId, Guid caseId, string caseKind, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.AccountVisibleToAsync(accountId, caller, cancellationToken) is null || !await CaseExistsAsync(db, accountId, caseId, caseKind, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var attachments = await db.Attachments.AsNoTracking().VisibleTo(caller)
            .Where(a => a.AccountId == accountId && a.CaseId == caseId && a.CaseKind == caseKind)
            .OrderBy(a => a.UploadedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(attachments.Select(AttachmentResponse.From).ToList());
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        Guid accountId, Guid caseId, Guid attachmentId, string caseKind, HttpResponse response, Caller caller, DisputesDbContext db, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().VisibleTo(caller)
            .SingleOrDefaultAsync(a => a.Id == attachmentId && a.AccountId == accountId && a.CaseId == caseId && a.CaseKind == caseKind, cancellationToken);
        if (attachment is null)
        {
            return TypedResults.NotFound();
        }

        var content = await db.AttachmentContents.AsNoTracking().SingleAsync(c => c.AttachmentId == attachment.Id, cancellationToken);
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content.Bytes, attachment.ContentType, attachment.FileName);
    }

    private static Task<bool> CaseExistsAsync(DisputesDbContext db, Guid accountId, Guid caseId, string caseKind, CancellationToken cancellationToken) =>
        caseKind == "dispute"
            ? db.Disputes.AnyAsync(d => d.Id == caseId && d.AccountId == accountId, cancellationToken)
            : db.Complaints.AnyAsync(c => c.Id == caseId && c.AccountId == accountId, cancellationToken);

    /// <summary>Reads the one file of a multipart form or a raw body, refusing what is too large, not allowed, or not what it claims to be.</summary>
    private static async Task<(UploadedFile? File, ProblemHttpResult? Problem)> ReadFileAsync(HttpRequest request, string? fileNameQuery, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes + MultipartAllowance)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + MultipartAllowance;
        }

        string declared;
        string? name;
        byte[]? bytes;
        if (request.HasFormContentType)
        {
            if (!request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                return (null, Unsupported("A form must be multipart/form-data with the file in a part named \"file\"."));
            }

            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception error) when (error is InvalidDataException || (error is IOException && !cancellationToken.IsCancellationRequested))
            {
                // A truncated multipart body ends the stream early: an IOException, as malformed as a bad boundary.
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form is malformed.", detail: error.Message, type: ProblemBase + "malformed-form"));
            }

            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
            {
                return (null, BadFile("The form has no file part."));
            }

            if (file.Length > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            declared = AttachmentContentTypes.MediaTypeOf(file.ContentType);
            name = file.FileName;
            bytes = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        else
        {
            declared = AttachmentContentTypes.MediaTypeOf(request.ContentType);
            name = fileNameQuery;
            if (!AttachmentContentTypes.Allowed.Contains(declared))
            {
                return (null, Unsupported($"Content-Type \"{declared}\" is not accepted."));
            }

            bytes = await ReadCappedAsync(request.Body, maxBytes, cancellationToken);
            if (bytes is null)
            {
                return (null, TooLarge(maxBytes));
            }
        }

        if (bytes.Length == 0)
        {
            return (null, BadFile("The file is empty."));
        }

        if (!AttachmentContentTypes.Allowed.Contains(declared))
        {
            return (null, Unsupported($"Content-Type \"{declared}\" is not accepted."));
        }

        var detected = AttachmentContentTypes.Detect(bytes);
        if (detected != declared)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The file is not what its content type says.",
                detail: $"Declared {declared}, but the content is {detected ?? "none of the accepted types"}.",
                type: ProblemBase + "attachment-content-mismatch"));
        }

        return (new UploadedFile(CleanFileName(name, declared), declared, bytes), null);
    }

    /// <summary>The body's bytes, or null once it exceeds <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The file name without any path or control characters, at most 255 characters; a default when none is left.</summary>
    private static string CleanFileName(string? name, string contentType)
    {
        var clean = new string(Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length > 255)
        {
            clean = clean[^255..];
        }

        return clean.Length > 0 ? clean : contentType switch
        {
            AttachmentContentTypes.Pdf => "attachment.pdf",
            AttachmentContentTypes.Png => "attachment.png",
            AttachmentContentTypes.Jpeg => "attachment.jpg",
            _ => "attachment.txt",
        };
    }

    private static ProblemHttpResult BadFile(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "No file to attach.", detail: detail, type: ProblemBase + "attachment-missing");

    private static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The file is too large.",
        detail: $"Attachments may be at most {maxBytes} bytes.",
        type: ProblemBase + "attachment-too-large");

    private static ProblemHttpResult Unsupported(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "The file type is not accepted.",
        detail: $"{detail} Accepted: {string.Join(", ", AttachmentContentTypes.Allowed)}.",
        type: ProblemBase + "unsupported-attachment-type");

    private sealed record UploadedFile(string Name, string ContentType, byte[] Bytes);
}

/// <summary>A document attached to a dispute or complaint.</summary>
/// <param name="Id">The attachment.</param>
/// <param name="CaseId">The dispute or complaint.</param>
/// <param name="CaseKind">dispute or complaint.</param>
/// <param name="FileName">The uploader's file name.</param>
/// <param name="ContentType">application/pdf, image/png, image/jpeg or text/plain, as checked from the bytes.</param>
/// <param name="SizeBytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the bytes, lower-case hex.</param>
/// <param name="UploadedBy">The uploader's subject.</param>
/// <param name="UploaderKind">staff, client or consumer.</param>
/// <param name="UploadedAt">When it was uploaded.</param>
public sealed record AttachmentResponse(
    Guid Id, Guid CaseId, string CaseKind, string FileName, string ContentType, long SizeBytes, string Sha256, string UploadedBy, string UploaderKind, DateTimeOffset UploadedAt)
{
    internal static AttachmentResponse From(Attachment a) => new(a.Id, a.CaseId, a.CaseKind, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, a.UploadedBy, a.UploaderKind, a.UploadedAt);
}
