using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Collections.BuildingBlocks.Security;
using Collections.Disputes.Apis;
using Collections.IntegrationTesting;

namespace Collections.Disputes.Tests;

public sealed class AttachmentsApiTests(DisputesServiceFactory service) : IClassFixture<DisputesServiceFactory>
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8];

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();
    private readonly Guid consumerId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pdf_uploaded_by_the_consumer_is_stored_with_its_hash_and_in_the_history()
    {
        var path = await DisputeAttachmentsPathAsync();

        var response = await Portal().PostAsync($"{path}?fileName=..%2F..%2Fstatement.pdf", Raw(Pdf, "application/pdf"), Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var attachment = (await response.Content.ReadFromJsonAsync<AttachmentResponse>(Cancel))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), attachment.Sha256);
        Assert.Equal("statement.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(Pdf.Length, attachment.SizeBytes);
        Assert.Equal("consumer", attachment.UploaderKind);
        var accountId = path.Split('/')[5];
        var history = await Staff().GetFromJsonAsync<List<HistoryEntryResponse>>($"/api/v1/disputes/accounts/{accountId}/history", Cancel);
        var added = Assert.Single(history!, h => h.Action == "attachment-added");
        Assert.Contains(attachment.Sha256, added.Note);
        Assert.Equal("consumer", added.ActorKind);
    }

    [Fact]
    public async Task A_png_in_a_multipart_form_is_accepted()
    {
        var path = await DisputeAttachmentsPathAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "receipt.png");

        var response = await Client().PostAsync(path, form, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var attachment = (await response.Content.ReadFromJsonAsync<AttachmentResponse>(Cancel))!;
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal("receipt.png", attachment.FileName);
        Assert.Equal("client", attachment.UploaderKind);
    }

    [Fact]
    public async Task A_file_at_the_limit_is_accepted_and_one_byte_more_is_a_413_problem()
    {
        var path = await DisputeAttachmentsPathAsync();
        var atLimit = Encoding.ASCII.GetBytes(new string('a', (int)DisputesServiceFactory.MaxAttachmentBytes));
        var overLimit = Encoding.ASCII.GetBytes(new string('a', (int)DisputesServiceFactory.MaxAttachmentBytes + 1));

        var accepted = await Portal().PostAsync(path, Raw(atLimit, "text/plain"), Cancel);
        var refused = await Portal().PostAsync(path, Raw(overLimit, "text/plain"), Cancel);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(overLimit) { Headers = { ContentType = new("text/plain") } }, "file", "big.txt" } };
        var refusedForm = await Portal().PostAsync(path, form, Cancel);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refusedForm.StatusCode);
        Assert.Single(await Portal().GetFromJsonAsync<List<AttachmentResponse>>(path, Cancel) ?? []);
    }

    [Theory]
    [InlineData("application/pdf", "exe")]
    [InlineData("image/png", "pdf")]
    [InlineData("image/jpeg", "png")]
    [InlineData("text/plain", "exe")]
    [InlineData("application/x-msdownload", "exe")]
    [InlineData("application/json", "json")]
    public async Task Content_that_is_not_an_accepted_type_or_not_what_it_claims_is_a_415_problem(string declared, string actual)
    {
        var path = await DisputeAttachmentsPathAsync();
        var bytes = actual switch
        {
            "exe" => Executable,
            "pdf" => Pdf,
            "png" => Png,
            _ => "{}"u8.ToArray(),
        };

        var response = await Portal().PostAsync(path, Raw(bytes, declared), Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await Portal().GetFromJsonAsync<List<AttachmentResponse>>(path, Cancel) ?? []);
    }

    [Fact]
    public async Task An_empty_body_or_a_form_without_a_file_is_a_400_problem()
    {
        var path = await DisputeAttachmentsPathAsync();
        using var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };

        var empty = await Portal().PostAsync(path, Raw([], "application/pdf"), Cancel);
        var noFile = await Portal().PostAsync(path, form, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal("application/problem+json", noFile.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_truncated_multipart_form_is_a_400_problem()
    {
        var path = await DisputeAttachmentsPathAsync();
        using var truncated = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF"u8.ToArray());
        truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        var response = await Portal().PostAsync(path, truncated, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await Portal().GetFromJsonAsync<List<AttachmentResponse>>(path, Cancel) ?? []);
    }

    [Fact]
    public async Task The_consumer_the_client_and_staff_download_it_and_nobody_else_finds_it()
    {
        var path = await DisputeAttachmentsPathAsync();
        var uploaded = await (await Portal().PostAsync($"{path}?fileName=proof.pdf", Raw(Pdf, "application/pdf"), Cancel)).Content.ReadFromJsonAsync<AttachmentResponse>(Cancel);
        var download = $"{path}/{uploaded!.Id}";

        foreach (var party in new[] { Portal(), Client(), Staff() })
        {
            var response = await party.GetAsync(download, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync(Cancel));
        }

        HttpClient[] strangers =
        [
            service.ClientFor(TestCallers.Staff(Guid.NewGuid(), Roles.Admin)),
            service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())),
            service.ClientFor(TestCallers.Consumer(tenantId, Guid.NewGuid())),
        ];
        foreach (var stranger in strangers)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(download, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync(path, Raw(Pdf, "application/pdf"), Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(path, new { }, Cancel)).StatusCode);
        }

        // The same attachment asked for under another dispute of the same account is not found either.
        var accountId = path.Split('/')[5];
        var other = await (await Portal().PostAsJsonAsync($"/api/v1/disputes/accounts/{accountId}/disputes", new { reason = "other", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff().GetAsync($"/api/v1/disputes/accounts/{accountId}/disputes/{other!.Id}/attachments/{uploaded.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_json_body_on_an_upload_is_a_4xx_problem()
    {
        var path = await DisputeAttachmentsPathAsync();

        var response = await Portal().PostAsJsonAsync(path, new { }, Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_complaint_takes_attachments_too()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, DateOnly.FromDateTime(DateTime.UtcNow));
        var complaint = await (await Portal().PostAsJsonAsync(
                $"/api/v1/disputes/accounts/{account.AccountId}/complaints", new { category = "harassment", description = "They called me at 10 pm." }, Cancel))
            .Content.ReadFromJsonAsync<ComplaintResponse>(Cancel);
        var path = $"/api/v1/disputes/accounts/{account.AccountId}/complaints/{complaint!.Id}/attachments";

        var uploaded = await Portal().PostAsync($"{path}?fileName=call-log.txt", Raw("22:04 call from the agency\n"u8.ToArray(), "text/plain; charset=utf-8"), Cancel);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = (await uploaded.Content.ReadFromJsonAsync<AttachmentResponse>(Cancel))!;
        Assert.Equal("complaint", attachment.CaseKind);
        var download = await Client().GetAsync($"{path}/{attachment.Id}", Cancel);
        Assert.Equal("22:04 call from the agency\n", await download.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientFor(TestCallers.Client(tenantId, Guid.NewGuid())).GetAsync($"{path}/{attachment.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_uploads_as_multipart_or_raw_files()
    {
        var document = await service.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancel);

        var upload = document.GetProperty("paths").GetProperty("/api/v1/disputes/accounts/{accountId}/disputes/{disputeId}/attachments").GetProperty("post");
        var content = upload.GetProperty("requestBody").GetProperty("content");
        Assert.Equal("binary", content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.True(content.TryGetProperty("application/pdf", out _));
        Assert.True(upload.GetProperty("responses").TryGetProperty("413", out _));
    }

    private async Task<string> DisputeAttachmentsPathAsync()
    {
        var account = await service.SeedAccountAsync(tenantId, clientId, consumerId, DateOnly.FromDateTime(DateTime.UtcNow));
        var dispute = await (await Portal().PostAsJsonAsync($"/api/v1/disputes/accounts/{account.AccountId}/disputes", new { reason = "paid-already", channel = "portal" }, Cancel))
            .Content.ReadFromJsonAsync<DisputeResponse>(Cancel);
        return $"/api/v1/disputes/accounts/{account.AccountId}/disputes/{dispute!.Id}/attachments";
    }

    private static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private HttpClient Portal() => service.ClientFor(TestCallers.Consumer(tenantId, consumerId));

    private HttpClient Client() => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Staff() => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
}
