using Microsoft.Extensions.DependencyInjection;

namespace Collections.BuildingBlocks;

/// <summary>OpenAPI documents of the services, as the gateway republishes them.</summary>
public static class OpenApiExtensions
{
    /// <summary>
    /// Adds the service's OpenAPI document without server URLs: clients reach every service
    /// through the gateway, which serves the document, so paths are relative to it.
    /// </summary>
    public static IServiceCollection AddServiceOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        }));
}
