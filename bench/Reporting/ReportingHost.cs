using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Hosting;

namespace Collections.Reporting.Benchmark;

/// <summary>
/// The Reporting service in this process, on the real broker and its own database: a new one, or (to start the service again
/// on what an earlier instance left) the one <paramref name="database"/> names.
/// </summary>
internal sealed class ReportingHost(PlatformContainers containers, string? database) : ServiceFactory<Program>(containers, "reporting")
{
    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (database is not null)
        {
            builder.UseSetting("ConnectionStrings:reportingdb", database);
        }
    }
}
