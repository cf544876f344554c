using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Collections.AppHost;

/// <summary>
/// Container images are configuration: by default the integrations' official images; with
/// <c>Containers:{Name}:Image</c> set (e.g. <c>localhost/collections-postgres:15</c>, built by
/// eng/containers/setup.sh on machines without registry access) that image instead.
/// </summary>
internal static class ContainerImages
{
    public static IResourceBuilder<T> WithImageFromConfiguration<T>(this IResourceBuilder<T> resource, string name)
        where T : ContainerResource
    {
        var configured = resource.ApplicationBuilder.Configuration[$"Containers:{name}:Image"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return resource;
        }

        var (registry, image, tag) = Parse(configured);
        return resource.WithImageRegistry(registry).WithImage(image, tag);
    }

    /// <summary>Splits <c>[registry/]repository[:tag]</c>; a first segment with a dot, a colon or "localhost" is a registry.</summary>
    internal static (string? Registry, string Image, string Tag) Parse(string reference)
    {
        string? registry = null;
        var rest = reference;
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = reference[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = reference[(slash + 1)..];
            }
        }

        var colon = rest.LastIndexOf(':');
        return colon > 0 ? (registry, rest[..colon], rest[(colon + 1)..]) : (registry, rest, "latest");
    }

    /// <summary>
    /// Fails fast, with what to do, when the container runtime the AppHost will use does not answer:
    /// otherwise the dashboard would just show PostgreSQL and RabbitMQ never starting.
    /// </summary>
    public static void EnsureContainerRuntime(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        string? problem;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            problem = !process.WaitForExit(TimeSpan.FromSeconds(20))
                ? $"'{runtime} info' did not answer within 20 seconds"
                : process.ExitCode == 0 ? null : $"'{runtime} info' failed: {stderr.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            problem = $"'{runtime}' is not installed";
        }

        if (problem is not null)
        {
            throw new InvalidOperationException(
                $"No usable container runtime: {problem}. PostgreSQL and RabbitMQ run as containers. " +
                "Start the platform with eng/run.sh, which sets up rootful Podman and local images where Docker is missing, " +
                "or install Docker (or Podman, with ASPIRE_CONTAINER_RUNTIME=podman) and try again.");
        }
    }
}
