using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Simulation;
using Spectre.Console;

namespace Orchestrator.Cli.Simulate;

/// <summary>Runs <c>trainctl simulate</c>: reads the trace file, replays it, prints a table or JSON.</summary>
public static class SimulateRunner
{
    public const int Success = ExitCodes.Ok;

    /// <summary>Bad flags; the one-line message names the flag.</summary>
    public const int InputError = ExitCodes.Usage;

    /// <summary>The trace file does not exist.</summary>
    public const int TraceNotFound = ExitCodes.NotFound;

    /// <summary>The trace file cannot be read or is malformed; the message names the file and what is wrong.</summary>
    public const int TraceInvalid = ExitCodes.InvalidInput;

    /// <summary>The plot could not be written.</summary>
    public const int PlotFailed = ExitCodes.Failure;

    public static int Run(SimulateOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (Validate(options) is { } problem)
        {
            stderr.WriteLine($"trainctl simulate: {problem}");
            return InputError;
        }

        if (Load(options.Trace, stderr, out var trace) is { } loadFailed)
        {
            return loadFailed;
        }

        var parameters = new SimulationParameters(options.Compute, options.Deadline, options.Changeover, options.SpotPrice, options.OnDemandPrice)
        {
            Stride = options.Stride,
            RunUid = options.Uid,
        };
        if (options.MoreTraces.Count > 0)
        {
            return RunZones(options, trace!, parameters, stdout, stderr);
        }

        var names = options.Policy == "all" ? SimulatedPolicies.Names : [options.Policy];
        var summaries = TraceSimulator.Simulate(trace!, parameters, names);
        if (options.Output == "json")
        {
            stdout.WriteLine(RenderJson(summaries));
        }
        else
        {
            RenderTable(summaries, options, stdout);
        }

        if (options.Plot is { } plot)
        {
            try
            {
                File.WriteAllText(plot, SavingsPlot.Render(trace!, parameters, names));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"trainctl simulate: cannot write plot {plot}: {OneLine(e.Message)}");
                return PlotFailed;
            }
        }

        return Success;
    }

    /// <summary>Reads one trace; null on success, else the exit code after a one-line message naming the file.</summary>
    public static int? Load(string path, TextWriter stderr, out SpotTrace? trace)
    {
        trace = null;
        try
        {
            using var stream = File.OpenRead(path);
            trace = SpotTraceParser.Parse(stream);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"trainctl simulate: cannot read trace {path}: file not found");
            return TraceNotFound;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SpotTraceFormatException)
        {
            stderr.WriteLine($"trainctl simulate: cannot read trace {path}: {OneLine(e.Message)}");
            return TraceInvalid;
        }
    }

    /// <summary>The zone of a trace file, for tables: its name without the extension.</summary>
    public static string ZoneName(string path) => Path.GetFileNameWithoutExtension(path);

    private static int RunZones(SimulateOptions options, SpotTrace first, SimulationParameters parameters, TextWriter stdout, TextWriter stderr)
    {
        var zones = new List<(string, SpotTrace)> { (ZoneName(options.Trace), first) };
        foreach (var path in options.MoreTraces)
        {
            if (Load(path, stderr, out var trace) is { } failed)
            {
                return failed;
            }

            zones.Add((ZoneName(path), trace!));
        }

        if (zones.Select(z => z.Item2.Gap).Distinct().Count() > 1)
        {
            stderr.WriteLine("trainctl simulate: the --trace files have different gap_seconds; a multi-zone replay needs traces of the same period");
            return TraceInvalid;
        }

        var algorithm = options.Policy == SimulatedPolicies.Ross ? Api.DeadlineAlgorithm.Ross : Api.Defaults.DeadlineAlgorithm;
        var summaries = MultiZoneSimulator.Simulate(zones, parameters, algorithm);
        if (options.Output == "json")
        {
            stdout.WriteLine(RenderJson(summaries));
        }
        else
        {
            RenderTable(summaries, options with { Trace = $"{zones.Count} zones" }, stdout);
        }

        return Success;
    }

    public static string RenderJson(IReadOnlyList<PolicySummary> summaries)
    {
        var policies = summaries.Select(summary => new Dictionary<string, object?>
        {
            ["policy"] = summary.Policy,
            ["runs"] = summary.Runs,
            ["savingsPercent"] = Math.Round(summary.SavingsPercent, 2),
            ["deadlineMisses"] = summary.DeadlineMisses,
            ["spotShare"] = Math.Round(summary.SpotShare, 4),
            ["meanFinishHours"] = double.IsNaN(summary.MeanFinishHours) ? null : Math.Round(summary.MeanFinishHours, 2),
            ["unfinished"] = summary.Unfinished,
        });
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["policies"] = policies.ToList() });
    }

    private static void RenderTable(IReadOnlyList<PolicySummary> summaries, SimulateOptions options, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        var table = new Table().Border(TableBorder.Simple)
            .Title($"{Path.GetFileName(options.Trace)}: compute {Hours(options.Compute)}, deadline {Hours(options.Deadline)}, changeover {Hours(options.Changeover)}");
        table.AddColumn("policy");
        foreach (var column in new[] { "runs", "savings %", "deadline misses", "spot share", "mean finish (h)", "unfinished" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var summary in summaries)
        {
            table.AddRow(
                summary.Policy,
                Number(summary.Runs),
                summary.SavingsPercent.ToString("F1", CultureInfo.InvariantCulture),
                Number(summary.DeadlineMisses),
                summary.SpotShare.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal),
                double.IsNaN(summary.MeanFinishHours) ? "-" : summary.MeanFinishHours.ToString("F1", CultureInfo.InvariantCulture),
                Number(summary.Unfinished));
        }

        console.Write(table);
    }

    private static string? Validate(SimulateOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Trace))
        {
            return "--trace is required";
        }

        if (options.Compute <= TimeSpan.Zero)
        {
            return "--compute must be positive";
        }

        if (options.Deadline < options.Compute)
        {
            return $"--deadline ({Hours(options.Deadline)}) is shorter than --compute ({Hours(options.Compute)})";
        }

        if (options.Changeover < TimeSpan.Zero)
        {
            return "--changeover must not be negative";
        }

        if (options.SpotPrice < 0 || options.OnDemandPrice <= 0)
        {
            return "--spot-price must not be negative and --ondemand-price must be positive";
        }

        if (options.Stride <= TimeSpan.Zero)
        {
            return "--stride must be positive";
        }

        if (options.MoreTraces.Count > 0 && options.Policy is not ("all" or SimulatedPolicies.Deadline or SimulatedPolicies.Ross))
        {
            return $"with several --trace the zone strategies run under the Deadline policy: --policy must be all, deadline or ross, not '{options.Policy}'";
        }

        if (options.Policy != "all" && !SimulatedPolicies.Known.Contains(options.Policy))
        {
            return $"unknown --policy '{options.Policy}'; known: {string.Join(", ", SimulatedPolicies.Known)}, all";
        }

        return options.Output is "table" or "json" ? null : $"unknown -o '{options.Output}'; known: table, json";
    }

    private static string Hours(TimeSpan value) => value.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + "h";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
