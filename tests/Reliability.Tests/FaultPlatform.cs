using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.Reliability.Tests;

/// <summary>
/// The platform from the real AppHost (PostgreSQL, RabbitMQ, every service and the gateway as separate processes
/// on loopback), with the fault hooks enabled: each service gets its own <c>Faults:Directory</c>, where the suite
/// arms a crash after the next commit or failing consumer attempts.
/// </summary>
public sealed class FaultPlatform : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(10);
    private readonly DistributedApplication app;
    private readonly string faultRoot;

    private FaultPlatform(DistributedApplication app, string faultRoot)
    {
        this.app = app;
        this.faultRoot = faultRoot;
    }

    public DistributedApplication App => app;

    public static async Task<FaultPlatform> StartAsync(CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(StartupTimeout);
        var faultRoot = Directory.CreateTempSubdirectory("fault-suite-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(startup.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            var directory = Directory.CreateDirectory(Path.Combine(faultRoot, project.Name)).FullName;
            builder.CreateResourceBuilder(project)
                .WithEnvironment("Faults__Directory", directory)
                .WithEnvironment("Logging__LogLevel__Default", "Warning");
        }

        var app = await builder.BuildAsync(startup.Token);
        try
        {
            await app.StartAsync(startup.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
            return new FaultPlatform(app, faultRoot);
        }
        catch
        {
            // A platform that did not come up in time still takes its containers and processes down with it.
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the gateway.</summary>
    public HttpClient Gateway()
    {
        var http = app.CreateHttpClient("gateway");
        http.Timeout = TimeSpan.FromSeconds(20);
        return http;
    }

    public Task<string?> ConnectionStringAsync(string name, CancellationToken cancellationToken) =>
        app.GetConnectionStringAsync(name, cancellationToken).AsTask();

    /// <summary>Arms a fault in one service by writing its file (see FaultInjection in BuildingBlocks).</summary>
    public Task ArmAsync(string resource, string fault, string content = "") =>
        File.WriteAllTextAsync(Path.Combine(faultRoot, resource, fault), content);

    /// <summary>The process id of a running service.</summary>
    public int? ProcessId(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), out var pid) ? pid : null;

    public string? ContainerId(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot.Properties.FirstOrDefault(p => p.Name == "container.id")?.Value?.ToString()
            : null;

    /// <summary>Waits until a service's process ended (killed or crashed).</summary>
    public async Task WaitForExitAsync(string resource, int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (!IsAlive(pid) && IsStopped(resource))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{resource} (pid {pid}) did not exit within {timeout}.");
    }

    /// <summary>Kills a service's process (and its children) with SIGKILL, as an out-of-memory kill or a power cut would.</summary>
    public async Task KillAsync(string resource, CancellationToken cancellationToken)
    {
        var pid = ProcessId(resource) ?? throw new InvalidOperationException($"{resource} has no process id.");
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync(resource, pid, TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Starts a stopped service again and waits until its health endpoint answers.</summary>
    public async Task RestartAsync(string resource, CancellationToken cancellationToken)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Starting {resource} failed: {result.Message}");
        }

        await WaitForHealthAsync(resource, cancellationToken);
    }

    /// <summary>Stops the broker's container for <paramref name="outage"/>, then starts the same container again.</summary>
    public async Task RestartBrokerAsync(TimeSpan outage, CancellationToken cancellationToken)
    {
        var container = ContainerId("messaging") ?? throw new InvalidOperationException("The broker has no container id.");
        await ContainerCommandAsync($"stop -t 5 {container}", cancellationToken);
        await Task.Delay(outage, cancellationToken);
        await ContainerCommandAsync($"start {container}", cancellationToken);
    }

    private async Task WaitForHealthAsync(string resource, CancellationToken cancellationToken)
    {
        var endpoint = app.GetEndpoint(resource, "http");
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode && ProcessId(resource) is { } pid && IsAlive(pid))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not up yet.
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"{resource} did not become healthy again within 3 minutes.");
    }

    private bool IsStopped(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.State?.Text is { } text
        && KnownResourceStates.TerminalStates.Contains(text);

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task ContainerCommandAsync(string arguments, CancellationToken cancellationToken)
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        using var process = Process.Start(new ProcessStartInfo(runtime, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{runtime} did not start.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{runtime} {arguments}: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
        }
    }

    /// <summary>Onboards a tenant with a client and its API key, with rate limits high enough for the load.</summary>
    public async Task<SuiteTenant> OnboardAsync(CancellationToken cancellationToken)
    {
        var platformKey = await ParameterAsync("platform-admin-key", cancellationToken);
        using var gateway = Gateway();
        var slug = $"fault-{Guid.NewGuid():N}"[..20];
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        using var onboard = new HttpRequestMessage(HttpMethod.Post, "/api/v1/platform/tenants")
        {
            Content = JsonContent.Create(new { slug, name = "Fault Suite Agency", kind = "Agency", admin = new { email = $"admin@{slug}.example", displayName = "Suite Admin", password } }),
        };
        onboard.Headers.Add("X-Api-Key", platformKey);
        var tenantId = (await Json(await gateway.SendAsync(onboard, cancellationToken), cancellationToken)).GetProperty("id").GetGuid();
        var tokens = await Json(await gateway.PostAsJsonAsync("/api/v1/auth/token", new { tenant = slug, email = $"admin@{slug}.example", password }, cancellationToken), cancellationToken);
        var staffToken = tokens.GetProperty("accessToken").GetString()!;
        await Json(await StaffAsync(gateway, HttpMethod.Put, "/api/v1/admin/rate-limits", staffToken, new { apiKeyPerMinute = 100_000, consumerSessionPerMinute = 100_000, staffUserPerMinute = 100_000 }, cancellationToken), cancellationToken);
        var clientId = (await Json(await StaffAsync(gateway, HttpMethod.Post, "/api/v1/admin/clients", staffToken, new { name = "Fault Suite Creditor" }, cancellationToken), cancellationToken)).GetProperty("id").GetGuid();
        var apiKey = (await Json(await StaffAsync(gateway, HttpMethod.Post, $"/api/v1/admin/clients/{clientId}/api-keys", staffToken, new { name = "fault-suite" }, cancellationToken), cancellationToken)).GetProperty("key").GetString()!;
        return new SuiteTenant(tenantId, clientId, apiKey);
    }

    private async Task<string> ParameterAsync(string name, CancellationToken cancellationToken)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"Parameter {name} has no value.");
    }

    private static async Task<HttpResponseMessage> StaffAsync(HttpClient http, HttpMethod method, string path, string token, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, cancellationToken);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {text}");
            }

            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(faultRoot, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}

/// <summary>The tenant and client the load runs as.</summary>
public sealed record SuiteTenant(Guid TenantId, Guid ClientId, string ApiKey);
