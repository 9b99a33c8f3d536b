using System.CommandLine;
using System.Globalization;
using Orchestrator.Api;
using Orchestrator.Cli.Demo;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl demo</c>: the whole product on this machine — a sandbox cluster, the controller, a file checkpoint
/// store, the sample trainer — with a spot preemption with notice, one without, the fallback to on-demand and a
/// cost summary. See docs/demo.md.
/// </summary>
public static class DemoCommand
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static Command Create(CliServices services)
    {
        var defaults = new DemoOptions();
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Cluster seconds per real second (the 120 s spot notice passes in 120/scale s)",
            DefaultValueFactory = _ => defaults.TimeScale,
        };
        var steps = new Option<int>("--steps") { Description = "Training steps of the sample trainer", DefaultValueFactory = _ => defaults.Steps };
        var stepSeconds = new Option<double>("--step-seconds") { Description = "Real seconds per training step", DefaultValueFactory = _ => defaults.StepSeconds };
        var storage = new Option<string>("--storage")
        {
            Description = "Checkpoint store: file (a temp folder), azurite or s3rver (installed by npm ci --prefix tests/storage-servers)",
            DefaultValueFactory = _ => "file",
        };
        storage.AcceptOnlyFromAmong("file", "azurite", "s3rver");
        var trainer = new Option<string>("--trainer")
        {
            Description = "What the workers run: plain (samples/trainer/train.py) or pytorch (real DDP, samples/trainer/ddp_train.py; needs torch)",
            DefaultValueFactory = _ => "plain",
        };
        trainer.AcceptOnlyFromAmong("plain", "pytorch");
        var keep = new Option<bool>("--keep-files") { Description = "Keep the temp folder (kubeconfig, checkpoints, pod logs) after the demo" };
        var command = new Command("demo", "Run the whole story on this machine: sandbox cluster, controller, spot preemptions with and without notice, fallback to on-demand")
        {
            timeScale, steps, stepSeconds, storage, trainer, keep,
        };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var options = new DemoOptions
            {
                TimeScale = Positive(parse.GetValue(timeScale), "--time-scale"),
                Steps = (int)Positive(parse.GetValue(steps), "--steps"),
                KeepFiles = parse.GetValue(keep),
                Storage = Enum.Parse<DemoStorage>(parse.GetValue(storage)!, ignoreCase: true),
                Trainer = Enum.Parse<DemoTrainer>(parse.GetValue(trainer)!, ignoreCase: true),
                StepSeconds = parse.GetValue(stepSeconds) >= 0 ? parse.GetValue(stepSeconds) : throw new CliException(ExitCodes.Usage, "--step-seconds: must not be negative"),
            };
            return await RunAsync(services, options, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(CliServices services, DemoOptions options, CancellationToken ct)
    {
        var paths = DemoPaths.Find(Environment.CurrentDirectory);
        if (options.Trainer == DemoTrainer.Pytorch && options.TorchPython is null)
        {
            options = options with { TorchPython = TorchInterpreter.Find() };
        }

        var output = services.Console.Out;
        await output.WriteLineAsync("trainctl demo: a TrainingRun survives spot preemptions on a sandbox cluster in this process");
        string scratch;
        TrainingRun? final = null;
        DemoFeed? feed = null;
        await using (var world = await DemoWorld.StartAsync(paths, options, ct))
        {
            scratch = world.Scratch;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  cluster      {world.Cluster.Api.BaseAddress} (time x{options.TimeScale:0.##}: the 2-minute spot notice passes in {120 / options.TimeScale:0.#} s)"));
            await output.WriteLineAsync($"  follow it    kubectl --kubeconfig {world.Kubeconfig} get tr -w");
            await output.WriteLineAsync($"               dotnet run --project src/Orchestrator.Cli -- status {DemoOptions.RunName} -w --kubeconfig {world.Kubeconfig}");
            await output.WriteLineAsync($"  checkpoints  {world.CheckpointUri}{(world.StorageEndpoint is { } endpoint ? $" ({endpoint})" : "")}");
            await output.WriteLineAsync();
            await output.FlushAsync(ct);
            IDemoView view = services.Console.Interactive ? new LiveDemoView(services.Console, world.Cluster.Time.GetUtcNow) : new PlainDemoView(output);
            feed = new DemoFeed(world, view, services.Time);
            try
            {
                await view.RunAsync(async () => final = await new DemoStory(world, feed, options).RunAsync(ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await services.Console.Error.WriteLineAsync("demo: interrupted; stopping the cluster, the controller and every process it started");
            }
        }

        if (final is null)
        {
            await services.Console.Error.WriteLineAsync($"demo: stopped and cleaned up ({scratch} removed)");
            return Interrupted;
        }

        await output.WriteAsync(DemoSummary.Render(final, feed!.Elapsed, feed.ClusterElapsed));
        await output.WriteLineAsync(options.KeepFiles
            ? $"Stopped the sandbox, the controller and every pod process; kept {scratch}."
            : $"Cleaned up: the sandbox, the controller, every pod process and {scratch}.");
        return ExitCodes.Ok;
    }

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new CliException(ExitCodes.Usage, $"{name}: must be greater than zero");
}
