using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>The platform's one mapping from errors to RFC 9457 problem responses.</summary>
public static class ProblemDetailsDefaults
{
    /// <summary>Registers problem details with trace and correlation ids, and the exception mapping.</summary>
    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= $"{http.Request.Method} {http.Request.Path}";
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            var correlationId = http.Request.Headers[CorrelationIdMiddleware.HeaderName].ToString();
            if (correlationId.Length > 0)
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId;
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}

/// <summary>
/// Turns exceptions into problem responses: malformed requests are 400 (or the status the
/// framework chose, e.g. 413/415), broken business rules 404/409/422; anything else is a 500
/// without internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request is malformed.",
                Detail = Describe(bad),
            },
            BusinessRuleException rule => new ProblemDetails
            {
                Status = (int)rule.Kind,
                Title = rule.Title,
                Detail = rule.Message,
                Type = $"https://collections.example/problems/{rule.Code}",
            },
            _ when IsUnstorableValue(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is malformed.",
                Detail = "A value cannot be used: it contains a NUL character or is out of range. Nothing was changed.",
            },
            _ when IsTransientDatabaseFailure(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is briefly unavailable.",
                Detail = "Its database did not answer in time; nothing was changed. Retry the request.",
            },
            _ => null,
        };

        if (problem is { Status: StatusCodes.Status503ServiceUnavailable })
        {
            logger.LogWarning(exception, "Database unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "1";
        }

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// What was malformed, without echoing the value: the framework's binding messages quote what the caller sent,
    /// which may be another tenant's id or an injection string, so a problem names the parameter and its type instead.
    /// </summary>
    // A connection the database refused or could not give in time (server full, restarting, pool exhausted) is
    // transient: the transaction never committed, so the caller may retry.
    private static bool IsTransientDatabaseFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    // PostgreSQL refuses a text value holding U+0000 (22021, whatever the column or query) and values past a column's
    // size (22001 string too long, 22003 numeric overflow, 22008 date/time out of range): the caller's input, not a fault.
    private static bool IsUnstorableValue(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException { SqlState: "22021" or "22001" or "22003" or "22008" })
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(BadHttpRequestException bad)
    {
        var binding = BindingFailure().Match(bad.Message);
        if (binding.Success)
        {
            return $"The value of \"{binding.Groups["name"].Value}\" is not a valid {binding.Groups["type"].Value}.";
        }

        return bad.InnerException?.Message is { } inner ? $"{bad.Message} {inner}" : bad.Message;
    }

    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>[^""]+) (?<name>[^"" ]+)"" from """)]
    private static partial Regex BindingFailure();
}

/// <summary>How a broken business rule answers over HTTP.</summary>
public enum RuleViolationKind
{
    /// <summary>The caller did not say (or prove) who it acts for.</summary>
    Unauthenticated = StatusCodes.Status401Unauthorized,

    /// <summary>The caller is known but may not do this.</summary>
    Forbidden = StatusCodes.Status403Forbidden,

    /// <summary>The thing asked for does not exist (or belongs to someone else).</summary>
    NotFound = StatusCodes.Status404NotFound,

    /// <summary>The request clashes with the current state, e.g. an illegal status transition.</summary>
    Conflict = StatusCodes.Status409Conflict,

    /// <summary>The request is well-formed but breaks a rule.</summary>
    Unprocessable = StatusCodes.Status422UnprocessableEntity,
}

/// <summary>
/// Thrown by domain code when a business rule forbids an action. <see cref="Code"/> is a stable,
/// machine-readable name for the rule (it becomes the problem type).
/// </summary>
public class BusinessRuleException(RuleViolationKind kind, string code, string title, string detail) : Exception(detail)
{
    public RuleViolationKind Kind { get; } = kind;

    public string Code { get; } = code;

    public string Title { get; } = title;
}
