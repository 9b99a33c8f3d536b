using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Sandbox;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// Real PyTorch in the stories: samples/trainer/ddp_train.py (DDP over gloo through the orchestrator-trainer library)
/// as each worker's command, run by Debian's python3-torch for /usr/bin/python3 (tests/run.sh installs it).
/// </summary>
internal static partial class PyTorchDdp
{
    /// <summary>Debian's interpreter by its versioned name: the sandbox runs a command named python3 as the python3 first on PATH, which may lack torch.</summary>
    public const string Python = "/usr/bin/python3.11";
    public const string Torchrun = "/usr/bin/torchrun";

    /// <summary>A two-worker run of the DDP sample; with <paramref name="processesPerWorker"/> > 1, through torchrun without flags.</summary>
    public static TrainingRun Run(ControllerWorld world, string name, int steps, double stepSeconds, int processesPerWorker = 1, params string[] extraArgs)
    {
        var run = world.Quickstart(name, steps, stepSeconds, workers: 2);
        run.Spec.Distributed = new DistributedSpec { ProcessesPerWorker = processesPerWorker };
        run.Spec.Checkpoint.Interval = "10h";
        var trainer = run.Spec.Template.Spec.Containers[0];
        var script = "/workspace/samples/trainer/ddp_train.py";
        trainer.Command = processesPerWorker > 1 ? [Torchrun, script] : [Python, script];
        trainer.Args = ["--steps", Text(steps), "--step-seconds", stepSeconds.ToString(CultureInfo.InvariantCulture), "--result", "/checkpoints/result.txt", .. extraArgs];
        trainer.Env =
        [
            // Debian's torchrun 1.13 on Python 3.11 cannot parse its own default --redirects/--tee ("0"); any other value works.
            new V1EnvVar { Name = "PET_REDIRECTS", Value = "1" },
            new V1EnvVar { Name = "PET_TEE", Value = "1" },
            new V1EnvVar { Name = "TRAINER_RENDEZVOUS_TIMEOUT_SECONDS", Value = "60" },
        ];
        return run;
    }

    /// <summary>The digest of an uninterrupted run with the same number of processes, through torchrun on this machine.</summary>
    public static async Task<string> ReferenceDigestAsync(ControllerWorld world, int steps, int processes)
    {
        var dir = Directory.CreateDirectory(Path.Combine(world.Scratch, $"reference-ddp-{steps}-{processes}")).FullName;
        var result = Path.Combine(dir, "result.txt");
        var start = new ProcessStartInfo(Torchrun)
        {
            ArgumentList =
            {
                "--nnodes", "1", "--nproc_per_node", Text(processes), "--master_addr", "127.0.0.1", "--master_port", Text(LoopbackPort.Free()),
                "--redirects", "1", "--tee", "1",
                Path.Combine(world.RepoRoot, "samples", "trainer", "ddp_train.py"), "--steps", Text(steps), "--result", result,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ORCH_CHECKPOINT_DIR"] = Path.Combine(dir, "checkpoints");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the reference run failed ({process.ExitCode}): {await output}{await errors}");
        return File.ReadAllText(result).Trim();
    }

    /// <summary>The last step any trainer of the attempt printed (torchrun prefixes its children's lines with [default0]:).</summary>
    public static int LastStep(ControllerWorld world, string run, int attempt)
    {
        var last = 0;
        foreach (var folder in Directory.Exists(world.PodsRoot) ? Directory.GetDirectories(world.PodsRoot, $"default_{run}-{attempt}-*") : [])
        {
            foreach (var line in ControllerWorld.ContainerLogLines(folder, "trainer"))
            {
                if (StepLine().Match(line) is { Success: true } m)
                {
                    last = Math.Max(last, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
        }

        return last;
    }

    public static string Logs(ControllerWorld world, string run) =>
        string.Join("\n", (Directory.Exists(world.PodsRoot) ? Directory.GetDirectories(world.PodsRoot, $"default_{run}-*") : [])
            .SelectMany(pod => (Directory.Exists(Path.Combine(pod, "logs")) ? Directory.GetDirectories(Path.Combine(pod, "logs")) : []).Select(c => (Pod: pod, Container: Path.GetFileName(c))))
            .Select(c => $"--- {Path.GetRelativePath(world.PodsRoot, Path.Combine(c.Pod, "logs", c.Container))}\n{string.Join("\n", ControllerWorld.ContainerLogLines(c.Pod, c.Container).TakeLast(15))}"));

    public static async Task WaitForStepAsync(ControllerWorld world, string run, int attempt, int step, TimeSpan timeout)
    {
        try
        {
            await world.WaitUntilAsync(() => Task.FromResult(LastStep(world, run, attempt) >= step), timeout, $"run {run} attempt {attempt} reaching step {step}");
        }
        catch (TimeoutException e)
        {
            var status = (await world.GetAsync(run)).Status;
            throw new TimeoutException($"{e.Message}; status {k8s.KubernetesJson.Serialize(status)}\n{Logs(world, run)}", e);
        }
    }

    /// <summary>Waits until the run Succeeded or Failed; on a timeout the message carries the status and the pods' logs.</summary>
    public static async Task<TrainingRun> WaitForEndAsync(ControllerWorld world, string run, TimeSpan timeout)
    {
        try
        {
            return await world.WaitForAsync(run, r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, timeout, "completion");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Logs(world, run)}", e);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?:^|:)step (\d+)$")]
    private static partial Regex StepLine();
}
