using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Collections.BuildingBlocks;

/// <summary>OpenAPI documents of the services, as the gateway republishes them.</summary>
public static class OpenApiExtensions
{
    /// <summary>
    /// Adds the service's OpenAPI document without server URLs (clients reach every service through
    /// the gateway, which serves the document, so paths are relative to it), with the gateway's two
    /// credentials declared (a client business's <c>X-Api-Key</c>, a staff or consumer bearer token)
    /// and the examples registered with <see cref="AddOpenApiExample{T}"/>.
    /// </summary>
    public static IServiceCollection AddServiceOpenApi(this IServiceCollection services)
    {
        services.AddSingleton<OpenApiExamples>();
        return services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["apiKey"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "X-Api-Key",
                        Description = "A client business's API key, created by the tenant admin (shown once).",
                    },
                    ["bearer"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "A staff token from POST /api/v1/auth/token or a consumer token from POST /api/v1/auth/consumer.",
                    },
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
                ];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var examples = context.ApplicationServices.GetRequiredService<OpenApiExamples>();
                if (examples.For(context.JsonTypeInfo.Type) is { } example
                    && JsonSerializer.SerializeToNode(example, context.JsonTypeInfo.Type, context.JsonTypeInfo.Options) is { } node)
                {
                    schema.Examples = [node];
                }

                return Task.CompletedTask;
            });
        });
    }

    /// <summary>Shows <paramref name="example"/> as the example of <typeparamref name="T"/> in the OpenAPI document.</summary>
    public static IServiceCollection AddOpenApiExample<T>(this IServiceCollection services, T example)
        where T : notnull
    {
        services.AddSingleton(new OpenApiExample(typeof(T), example));
        return services;
    }
}

/// <summary>An example value of a request or response type.</summary>
public sealed record OpenApiExample(Type Type, object Value);

/// <summary>The examples a service registered.</summary>
public sealed class OpenApiExamples(IEnumerable<OpenApiExample> examples)
{
    private readonly Dictionary<Type, object> byType = examples.ToDictionary(e => e.Type, e => e.Value);

    public object? For(Type type) => byType.GetValueOrDefault(type);
}
