using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Orchestrator.Cli.Simulate;
using Orchestrator.Core.Durations;
using Orchestrator.Core.Simulation;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl simulate --trace FILE --compute 48h --deadline 52h --changeover 12m --spot-price X
/// --ondemand-price Y [--stride 6h] [--policy NAME|all] [-o table|json] [--plot FILE.svg]</c>: replays a
/// spot trace against Core's policies. Needs no cluster.
/// </summary>
public static class SimulateCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var trace = new Option<string[]>("--trace")
        {
            Description = "Spot availability trace (JSON: metadata.gap_seconds and data of 0/1); several: one zone each, of the same period",
            Required = true,
            HelpName = "FILE",
        };
        var uid = new Option<string?>("--uid") { Description = "Run UID that seeds ROSS in every replayed run (reproduces a controller's decisions)", HelpName = "UID" };
        var compute = Duration("--compute", "Compute the job needs, e.g. 48h");
        var deadline = Duration("--deadline", "Time from start by which it must finish, e.g. 52h");
        var changeover = Duration("--changeover", "Delay billed without progress on every new instance, e.g. 12m");
        var stride = Duration("--stride", "Start a run at every stride through the trace [default: 6h]", required: false);
        var spotPrice = Price("--spot-price", "Spot price per hour");
        var onDemandPrice = Price("--ondemand-price", "On-demand price per hour");
        var policy = new Option<string>("--policy")
        {
            Description = $"One policy ({string.Join(", ", SimulatedPolicies.Names)}) or all",
            DefaultValueFactory = _ => "all",
            HelpName = "NAME|all",
        };
        var plot = new Option<string?>("--plot") { Description = "Also write an SVG of savings against deadline slack to this file", HelpName = "FILE.svg" };
        var command = new Command("simulate", "Replay a spot trace and compare fallback policies' cost and deadline misses")
        {
            trace, compute, deadline, changeover, spotPrice, onDemandPrice, stride, policy, uid, plot,
        };
        command.Subcommands.Add(SimulateBenchCommand.Create(services));
        CommandAction.Set(command, services, (parse, _) =>
        {
            var output = parse.GetValue(global.Output) switch
            {
                OutputFormat.Json => "json",
                OutputFormat.Yaml => throw new CliException(ExitCodes.Usage, "simulate: -o yaml is not supported (use table or json)"),
                _ => "table",
            };
            var traces = parse.GetValue(trace) ?? [];
            var options = new SimulateOptions(
                traces.Length > 0 ? traces[0] : "",
                parse.GetValue(compute) ?? TimeSpan.Zero,
                parse.GetValue(deadline) ?? TimeSpan.Zero,
                parse.GetValue(changeover) ?? TimeSpan.Zero,
                parse.GetValue(spotPrice),
                parse.GetValue(onDemandPrice))
            {
                Stride = parse.GetValue(stride) ?? TimeSpan.FromHours(6),
                Policy = parse.GetValue(policy)!,
                Output = output,
                Plot = parse.GetValue(plot),
                MoreTraces = traces.Skip(1).ToArray(),
                Uid = parse.GetValue(uid),
            };
            return Task.FromResult(SimulateRunner.Run(options, services.Console.Out, services.Console.Error));
        });
        return command;
    }

    // Nullable so an absent optional flag is told apart from an explicit "0s".
    private static Option<TimeSpan?> Duration(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "DURATION",
        CustomParser = result => TryParse<TimeSpan>(result, name, GoDuration.TryParse, "a duration like 48h, 90m or 1h30m"),
    };

    private static Option<double> Price(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = "PRICE",
        CustomParser = result => TryParse<double>(result, name, (string? text, out double v) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v), "a number like 1.10"),
    };

    private delegate bool Parser<T>(string? text, out T value);

    private static T TryParse<T>(ArgumentResult result, string name, Parser<T> parser, string expected)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (parser(text, out var value))
        {
            return value;
        }

        result.AddError($"{name}: \"{text}\" is not {expected}");
        return default!;
    }
}
