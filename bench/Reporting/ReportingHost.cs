using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Hosting;

namespace Collections.Reporting.Benchmark;

/// <summary>The Reporting service in this process, on its own database and the real broker.</summary>
internal sealed class ReportingHost(PlatformContainers containers) : ServiceFactory<Program>(containers, "reporting")
{
    protected override void ConfigureService(IWebHostBuilder builder) => builder.UseEnvironment("Production");
}
