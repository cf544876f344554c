namespace Collections.Reliability.Tests;

/// <summary>
/// How big a fault-suite run is. The short run is part of the normal test command; the full run
/// (<c>FAULT_SUITE=full</c>) places and pays until at least 5 000 operations and 12 injected faults, within 40 minutes.
/// </summary>
public sealed record FaultSuiteSettings(string Mode, int MinimumOperations, int MinimumFaults, int Workers, TimeSpan LoadLimit, TimeSpan PauseBetweenFaults)
{
    /// <summary><c>FAULT_SUITE=full</c> asks for the full run; anything else (or nothing) runs the short one.</summary>
    public static FaultSuiteSettings FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("FAULT_SUITE"), "full", StringComparison.OrdinalIgnoreCase)
            ? new("full", 5_000, 12, 16, TimeSpan.FromMinutes(40), TimeSpan.FromSeconds(8))
            : new("short", 300, 4, 6, TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(4));
}
