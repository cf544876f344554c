using System.Diagnostics;

namespace Collections.Reliability.Tests;

/// <summary>
/// The fault suite: while clients place accounts and pay them through the gateway, the broker is restarted,
/// services are killed and restarted, a service dies between its commit and its publish, and consumers fail their
/// first attempts. Afterwards nothing a client was told happened may be missing or counted twice.
/// Short by default; <c>FAULT_SUITE=full</c> for at least 5 000 operations and 10 faults.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60 * 60 * 1000)]
    public async Task Acknowledged_placements_and_payments_are_kept_exactly_once_through_broker_restarts_crashes_and_failing_consumers()
    {
        var settings = FaultSuiteSettings.FromEnvironment();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var platform = await FaultPlatform.StartAsync(cancellationToken);
        var tenant = await platform.OnboardAsync(cancellationToken);
        using var gateway = platform.Gateway();
        var load = new LoadGenerator(gateway, tenant);
        var faults = new List<string>();

        var invariants = new Invariants(platform, tenant);
        using var stopLoad = new CancellationTokenSource();
        var running = load.RunAsync(settings.Workers, stopLoad.Token);
        var clock = Stopwatch.StartNew();
        var progress = ReportProgressAsync(load, invariants, clock, stopLoad.Token);
        try
        {
            var schedule = Schedule(platform);
            for (var i = 0; clock.Elapsed < settings.LoadLimit && (faults.Count < settings.MinimumFaults || load.Operations < settings.MinimumOperations); i++)
            {
                await Task.Delay(settings.PauseBetweenFaults, cancellationToken);
                if (faults.Count >= settings.MinimumFaults)
                {
                    continue;
                }

                var (name, inject) = schedule[i % schedule.Count];
                var started = Stopwatch.StartNew();
                await inject(cancellationToken);
                faults.Add(name);
                Log($"fault {faults.Count}: {name} ({started.Elapsed.TotalSeconds:F0} s; {load.Operations} operations so far)");
            }
        }
        finally
        {
            await stopLoad.CancelAsync();
            await running;
            await progress;
        }

        Log($"load stopped after {clock.Elapsed.TotalSeconds:F0} s: {load.Placements.Count} placements and {load.Payments.Count} payments acknowledged, {load.Abandoned.Count} abandoned, {load.Rejected.Count} rejected, {load.Retries} retries");
        foreach (var rejection in load.Rejected.Take(20))
        {
            Log($"rejected: {rejection}");
        }

        // Recovery: every outbox drained and the read models settled: clean, or the same findings for a whole minute
        // (consumers on a loaded machine can be minutes behind), bounded.
        var settle = Stopwatch.StartNew();
        InvariantReport report;
        InvariantReport? previous = null;
        var unchangedSince = Stopwatch.StartNew();
        while (true)
        {
            var pending = await invariants.PendingOutboxAsync(cancellationToken);
            report = await invariants.CheckAsync(load, cancellationToken);
            if (pending != 0 || previous is null || !previous.Findings.SequenceEqual(report.Findings))
            {
                unchangedSince.Restart();
            }

            var settled = pending == 0 && (report.Clean || unchangedSince.Elapsed > TimeSpan.FromMinutes(1));
            if (settled || settle.Elapsed > TimeSpan.FromMinutes(6))
            {
                break;
            }

            previous = report;
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        Log($"settled after {settle.Elapsed.TotalSeconds:F0} s");

        foreach (var finding in report.Findings.Take(50))
        {
            Log(finding);
        }

        if (!report.Clean)
        {
            foreach (var line in await invariants.DiagnoseAsync(cancellationToken))
            {
                Log(line);
            }
        }

        var summary = $"fault_suite: operations={load.Operations} faults={faults.Count} lost={report.Lost} duplicated={report.Duplicated}";
        Log(summary);
        Log($"fault_suite_detail: mode={settings.Mode} placements={load.Placements.Count} payments={load.Payments.Count} abandoned={load.Abandoned.Count} rejected={load.Rejected.Count} partial={report.Partial} unbalanced_journal={report.UnbalancedJournal} faults=[{string.Join(", ", faults)}]");

        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicated);
        Assert.Equal(0, report.Partial);
        Assert.Equal(0, report.UnbalancedJournal);
        Assert.Empty(load.Rejected);
        Assert.True(load.Operations >= settings.MinimumOperations, $"Only {load.Operations} operations in {settings.LoadLimit}.");
        Assert.True(faults.Count >= settings.MinimumFaults, $"Only {faults.Count} faults in {settings.LoadLimit}.");
    }

    /// <summary>The faults in the order they are injected, repeated for a long run: every kind comes early.</summary>
    private List<(string Name, Func<CancellationToken, Task> Inject)> Schedule(FaultPlatform platform) =>
    [
        ("broker stopped for 10 s and restarted", ct => platform.RestartBrokerAsync(TimeSpan.FromSeconds(10), ct)),
        ("payments killed (SIGKILL) and restarted", ct => KillAndRestartAsync(platform, "payments", ct)),
        ("payments crashed after its commit, before its publish", ct => CrashAfterCommitAsync(platform, "payments", ct)),
        ("reporting consumers fail the first attempts of 20 messages", ct => platform.ArmAsync("reporting", "consumer-failures", "20")),
        ("accounts killed (SIGKILL) and restarted", ct => KillAndRestartAsync(platform, "accounts", ct)),
        ("accounts crashed after its commit, before its publish", ct => CrashAfterCommitAsync(platform, "accounts", ct)),
        ("reporting killed (SIGKILL) and restarted", ct => KillAndRestartAsync(platform, "reporting", ct)),
        ("accounts and payments consumers fail the first attempts of 20 messages", async ct =>
        {
            await platform.ArmAsync("accounts", "consumer-failures", "20");
            await platform.ArmAsync("payments", "consumer-failures", "20");
        }),
        ("gateway killed (SIGKILL) and restarted", ct => KillAndRestartAsync(platform, "gateway", ct)),
        ("outreach killed (SIGKILL) and restarted", ct => KillAndRestartAsync(platform, "outreach", ct)),
        ("disputes killed (SIGKILL) and restarted", ct => KillAndRestartAsync(platform, "disputes", ct)),
    ];

    private async Task ReportProgressAsync(LoadGenerator load, Invariants invariants, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(15), stop);
                var pending = await invariants.PendingOutboxAsync(stop);
                Log($"{clock.Elapsed.TotalSeconds:F0} s: {load.Placements.Count} placements, {load.Payments.Count} payments acknowledged, {load.Abandoned.Count} abandoned, {pending} outbox messages pending; failed attempts: {load.FailureSummary}");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                Log($"progress: {ex.Message}");
            }
        }
    }

    private static async Task KillAndRestartAsync(FaultPlatform platform, string service, CancellationToken cancellationToken)
    {
        await platform.KillAsync(service, cancellationToken);
        await platform.RestartAsync(service, cancellationToken);
    }

    private static async Task CrashAfterCommitAsync(FaultPlatform platform, string service, CancellationToken cancellationToken)
    {
        var pid = platform.ProcessId(service) ?? throw new InvalidOperationException($"{service} has no process id.");
        await platform.ArmAsync(service, "crash-after-commit");
        await platform.WaitForExitAsync(service, pid, TimeSpan.FromMinutes(2), cancellationToken);
        await platform.RestartAsync(service, cancellationToken);
    }

    private void Log(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);

        // A long run can be followed as it goes: FAULT_SUITE_LOG names a file the lines are appended to.
        if (Environment.GetEnvironmentVariable("FAULT_SUITE_LOG") is { Length: > 0 } path)
        {
            lock (output)
            {
                File.AppendAllText(path, $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}{Environment.NewLine}");
            }
        }
    }
}
