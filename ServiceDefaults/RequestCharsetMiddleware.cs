using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Refuses a request body declared in a character set .NET does not know (<c>charset=ebcdic-xx</c>) with
/// 415: the JSON reader would otherwise throw an <see cref="InvalidOperationException"/> and answer 500.
/// </summary>
public sealed class RequestCharsetMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) && mediaType.Charset is { HasValue: true } charset && !IsKnown(charset.Value!))
        {
            throw new BadHttpRequestException("The request body's charset is not supported; send UTF-8.", StatusCodes.Status415UnsupportedMediaType);
        }

        return next(context);
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
