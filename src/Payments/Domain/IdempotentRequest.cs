using Collections.BuildingBlocks.Tenancy;

namespace Collections.Payments.Domain;

/// <summary>
/// A request made under an <c>Idempotency-Key</c>: inserted before the work starts, so a retry
/// arriving meanwhile sees it in progress, then completed with the response every retry replays.
/// </summary>
public sealed class IdempotentRequest : ITenantOwned
{
    private IdempotentRequest()
    {
    }

    public Guid TenantId { get; private set; }

    public string Key { get; private set; } = "";

    /// <summary>Hash of what makes two requests the same: method, path, body and caller.</summary>
    public string RequestHash { get; private set; } = "";

    public bool Completed { get; private set; }

    public int? ResponseStatus { get; private set; }

    public string? ResponseContentType { get; private set; }

    public string? ResponseBody { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static IdempotentRequest Begin(Guid tenantId, string key, string requestHash, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Key = key,
        RequestHash = requestHash,
        CreatedAt = now,
    };

    /// <summary>Stores the response that retries with the same key get.</summary>
    public void Complete(int status, string contentType, string body)
    {
        Completed = true;
        ResponseStatus = status;
        ResponseContentType = contentType;
        ResponseBody = body;
    }
}
