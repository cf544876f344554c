using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Collections.Benchmarks;
using Collections.Outreach.Compliance;

// Decisions per second of the Outreach compliance engine, single-threaded, on a typical workload. Contexts are built
// once per account snapshot (as Outreach keeps them) and each decision is timed end to end.
const int Rounds = 7;
const int DecisionsPerRound = 4_000_000;

var workload = new TypicalWorkload(contexts: 64, requests: 8192, seed: 20260615);
var policy = new ContactPolicy();
var requests = workload.Requests;
var contexts = workload.ContextOf;

var allowed = 0;
for (var i = 0; i < requests.Length; i++)
{
    allowed += policy.Decide(requests[i], contexts[i]).IsAllowed ? 1 : 0;
}

Run(DecisionsPerRound); // warm-up: tiered compilation settles before anything is timed
var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var rates = Enumerable.Range(0, Rounds).Select(_ => Run(DecisionsPerRound)).Order().ToArray();
var bytesPerDecision = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (Rounds * (long)DecisionsPerRound);
var median = rates[Rounds / 2];

var report = string.Create(CultureInfo.InvariantCulture, $"""
    # Outreach compliance engine throughput

    engine_decisions_per_second: {median:F0}

    - Single thread, median of {Rounds} rounds of {DecisionsPerRound:N0} decisions (slowest {rates[0]:N0}/s, fastest {rates[^1]:N0}/s), after a warm-up round.
    - Workload: {workload.Contexts.Length} consumers (2–3 IANA zones each, 20 attempts of history over 30 days, TCPA consent, a weekly inconvenient time; jurisdictions NY, MA, TX, CA), {requests.Length:N0} requests over the next 7 days: 55% autodialed calls, 15% prerecorded voicemails, 15% texts, 10% emails, 5% letters. {100.0 * allowed / requests.Length:F0}% of them allowed.
    - Contexts are built once per account snapshot and reused; decisions allocate {bytesPerDecision:F1} bytes on average (nothing when allowed; the reasons when blocked).
    - Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; load average at the end of the run: {LoadAverage()} (other work on the machine slows the rounds down).
    - Run: `dotnet run -c Release --project bench/Benchmarks`.

    """);

var output = Path.Combine(RepositoryRoot(), "bench", "results", "outreach-engine.md");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, report);
Console.Write(report);
Console.WriteLine($"Written to {output}");

double Run(int decisions)
{
    var sink = 0;
    var stopwatch = Stopwatch.StartNew();
    for (int i = 0, j = 0; i < decisions; i++, j = j + 1 == requests.Length ? 0 : j + 1)
    {
        sink += policy.Decide(requests[j], contexts[j]).Reasons.Count;
    }

    stopwatch.Stop();
    GC.KeepAlive(sink);
    return decisions / stopwatch.Elapsed.TotalSeconds;
}

// Shared build machines run other work; the load says how much the rounds competed with it.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository: Platform.sln was not found above the current directory.");
}
