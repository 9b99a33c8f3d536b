using System.Globalization;
using System.Text;
using Orchestrator.Api;
using Orchestrator.Core.Simulation;

namespace Orchestrator.Cli.Simulate;

/// <summary>
/// <c>trainctl simulate bench</c>: the numbers of docs/policies.md from one command. 48 h of compute at 52 h and 70 h
/// deadlines, 12 min changeover, spot at a third of on-demand, a start every 6 h, on every trace under the folder;
/// then every set of traces of one period and instance type in several zones, replayed as one multi-zone run.
/// </summary>
public static class PolicyBenchmark
{
    public static readonly TimeSpan Compute = TimeSpan.FromHours(48);
    public static readonly IReadOnlyList<TimeSpan> Deadlines = [TimeSpan.FromHours(52), TimeSpan.FromHours(70)];
    public static readonly TimeSpan Changeover = TimeSpan.FromMinutes(12);
    public const double OnDemandPrice = 3.06;
    public const double SpotPrice = OnDemandPrice / 3;

    /// <summary>The single-zone columns; <c>default</c> is the Deadline policy with <see cref="Defaults.DeadlineAlgorithm"/>.</summary>
    public static IReadOnlyList<string> Policies { get; } = [SimulatedPolicies.Greedy, SimulatedPolicies.Deadline, SimulatedPolicies.Ross];

    public static int Run(string folder, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(folder))
        {
            stderr.WriteLine($"trainctl simulate bench: no trace folder {folder}");
            return SimulateRunner.TraceNotFound;
        }

        var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var traces = new List<(string Name, SpotTrace Trace)>();
        foreach (var file in files)
        {
            if (SimulateRunner.Load(file, stderr, out var trace) is { } failed)
            {
                return failed;
            }

            traces.Add((Path.GetRelativePath(folder, file).Replace('\\', '/'), trace!));
        }

        if (traces.Count == 0)
        {
            stderr.WriteLine($"trainctl simulate bench: no *.json trace under {folder}");
            return SimulateRunner.TraceNotFound;
        }

        var text = new StringBuilder();
        foreach (var deadline in Deadlines)
        {
            SingleZone(text, traces, Parameters(deadline));
        }

        foreach (var deadline in Deadlines)
        {
            MultiZone(text, traces, Parameters(deadline));
        }

        stdout.Write(text.ToString());
        return SimulateRunner.Success;
    }

    public static SimulationParameters Parameters(TimeSpan deadline) => new(Compute, deadline, Changeover, SpotPrice, OnDemandPrice);

    /// <summary>Traces of one period and instance type in two or more zones: same folder, same name after the zone.</summary>
    public static IReadOnlyList<IReadOnlyList<(string Name, SpotTrace Trace)>> ZoneSets(IReadOnlyList<(string Name, SpotTrace Trace)> traces) =>
        [.. traces
            .GroupBy(t => (Folder: Path.GetDirectoryName(t.Name) ?? "", Kind: KindOf(t.Name)))
            .Where(g => g.Count() > 1 && g.Select(t => t.Trace.Gap).Distinct().Count() == 1)
            .Select(g => (IReadOnlyList<(string, SpotTrace)>)[.. g])];

    private static string KindOf(string name)
    {
        var file = Path.GetFileNameWithoutExtension(name);
        var cut = file.IndexOf('_', StringComparison.Ordinal);
        return cut < 0 ? "" : file[(cut + 1)..];
    }

    private static void SingleZone(StringBuilder text, List<(string Name, SpotTrace Trace)> traces, SimulationParameters parameters)
    {
        var columns = Policies.Select(p => p == SimulatedPolicies.Ross ? "ROSS" : p == SimulatedPolicies.Deadline ? "UP (deadline)" : p).ToList();
        columns.Add($"default ({Defaults.DeadlineAlgorithm})");
        text.Append(CultureInfo.InvariantCulture, $"#### One zone, deadline {Hours(parameters.Deadline)}\n\n");
        text.Append("| trace | runs | ").Append(string.Join(" | ", columns)).Append(" |\n|---|---:|").Append(string.Concat(columns.Select(_ => "---:|"))).Append('\n');
        var all = new List<IReadOnlyList<PolicySummary>>();
        foreach (var (name, trace) in traces)
        {
            var summaries = TraceSimulator.Simulate(trace, parameters, Policies);
            all.Add(summaries);
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {summaries[0].Runs} | ").Append(string.Join(" | ", WithDefault(summaries).Select(Cell))).Append(" |\n");
        }

        var means = Enumerable.Range(0, Policies.Count).Select(i => Mean(Policies[i], all.Select(s => s[i]).ToList())).ToList();
        text.Append(CultureInfo.InvariantCulture, $"| **mean of {traces.Count} traces** | {all.Sum(s => s[0].Runs)} | ")
            .Append(string.Join(" | ", WithDefault(means).Select(s => "**" + Cell(s)[..Cell(s).IndexOf(" / ", StringComparison.Ordinal)] + "**" + Cell(s)[Cell(s).IndexOf(" / ", StringComparison.Ordinal)..]))).Append(" |\n\n");
        var up = means[1];
        var ross = means[2];
        text.Append(CultureInfo.InvariantCulture, $"ROSS − UP: {ross.SavingsPercent - up.SavingsPercent:+0.0;-0.0} points ({ross.DeadlineMisses} and {up.DeadlineMisses} misses).\n\n");
    }

    private static void MultiZone(StringBuilder text, List<(string Name, SpotTrace Trace)> traces, SimulationParameters parameters)
    {
        var sets = ZoneSets(traces);
        if (sets.Count == 0)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"#### Spot across zones, deadline {Hours(parameters.Deadline)} (Deadline policy {Defaults.DeadlineAlgorithm} in every column)\n\n");
        text.Append("| zones | runs | best single zone | eager-next-zone | zone-policy | oracle | zone-policy − best zone |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var set in sets)
        {
            var zones = set.Select(t => (SimulateRunner.ZoneName(t.Name), t.Trace)).ToList();
            var summaries = MultiZoneSimulator.Simulate(zones, parameters);
            var stays = summaries.Take(zones.Count).ToList();
            var best = stays.OrderByDescending(s => s.DeadlineMisses == 0).ThenByDescending(s => s.SavingsPercent).First();
            var byName = summaries.Skip(zones.Count).ToDictionary(s => s.Policy);
            var observed = byName[MultiZoneSimulator.Name(ZoneStrategy.Observed)];
            var folder = Path.GetDirectoryName(set[0].Name)?.Replace('\\', '/');
            text.Append(CultureInfo.InvariantCulture, $"| {folder}: {string.Join(", ", zones.Select(z => z.Item1))} | {best.Runs} | {best.Policy[5..]}: {Cell(best)} | ")
                .Append(Cell(byName[MultiZoneSimulator.Name(ZoneStrategy.EagerNextZone)])).Append(" | ")
                .Append(Cell(observed)).Append(" | ")
                .Append(Cell(byName[MultiZoneSimulator.Name(ZoneStrategy.Oracle)])).Append(" | ")
                .Append(CultureInfo.InvariantCulture, $"{observed.SavingsPercent - best.SavingsPercent:+0.0;-0.0} |\n");
        }

        text.Append('\n');
    }

    private static IEnumerable<PolicySummary> WithDefault(IReadOnlyList<PolicySummary> summaries) =>
        [.. summaries, Defaults.DeadlineAlgorithm == DeadlineAlgorithm.Ross ? summaries[2] : summaries[1]];

    private static PolicySummary Mean(string name, IReadOnlyList<PolicySummary> rows) => new(
        name,
        rows.Sum(r => r.Runs),
        rows.Average(r => r.SavingsPercent),
        rows.Sum(r => r.DeadlineMisses),
        rows.Average(r => r.SpotShare),
        rows.Average(r => r.MeanFinishHours),
        rows.Sum(r => r.Unfinished));

    private static string Cell(PolicySummary s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.SavingsPercent:0.0} % / {s.DeadlineMisses} / {100 * s.SpotShare:0} %");

    private static string Hours(TimeSpan value) => value.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " h";
}
