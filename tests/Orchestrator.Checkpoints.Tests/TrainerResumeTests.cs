using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>
/// The whole loop a pod goes through, attempt after attempt: `trainctl agent restore`, then the trainer
/// with `trainctl agent sidecar` beside it, interrupted at seeded random points by SIGTERM (save and exit
/// 143) or SIGKILL (no save), until the last attempt finishes. The final weights must be bit-identical
/// to a run that was never interrupted.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class TrainerResumeTests(SharedServers servers)
{
    private const int Steps = 60;
    private static readonly string[] TrainerArgs = ["--steps", "60", "--save-every", "9", "--step-seconds", "0.01"];
    private static readonly Lazy<Task<string>> Uninterrupted = new(RunUninterruptedAsync);

    [Theory]
    [InlineData("file", 11)]
    [InlineData("file", 2024)]
    [InlineData("azurite", 7)]
    public async Task Trainer_interrupted_at_random_points_ends_with_the_uninterrupted_digest(string backend, int seed)
    {
        using var b = new Backend(backend, servers);
        using var ensure = await b.OpenAsync("trainer");
        using var dir = new TempDir();
        var env = b.Server is null ? new Dictionary<string, string?>() : CredentialTests.AgentEnv(b.Server);
        var uri = b.UriFor("trainer");
        var run = "run-" + seed;
        var random = new Random(seed);
        var result = Path.Combine(dir.Path, "result");
        var log = new StringWriter();
        long? savedOnTerm = null;
        for (var attempt = 1; ; attempt++)
        {
            var pod = dir.Sub("pod-" + attempt);
            string[] common = ["--dir", pod, "--uri", uri, "--namespace", "ns", "--run", run, "--attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-kube"];

            Assert.Equal(0, await AgentProgram.RunAsync(["restore", .. common], env, log));
            var restored = TrainerFiles.ReadJson<RestoreInfo>(Path.Combine(pod, ".orchestrator", "restore.json"));
            if (savedOnTerm is { } saved)
            {
                Assert.Equal(saved, restored?.Step);
            }

            using var stopSidecar = new CancellationTokenSource();
            var sidecar = AgentProgram.RunAsync(["sidecar", .. common, "--poll-ms", "50", "--save-quiet-ms", "300", "--grace-seconds", "120"], env, log, stopSidecar.Token);
            using var trainer = new TrainerProcess(pod, result, TrainerArgs);
            var last = attempt > 4;
            if (!last)
            {
                var stopAt = Math.Min(Steps - 1, (restored?.Step ?? 0) + random.Next(2, 16));
                var signal = random.Next(2) == 0 ? "TERM" : "KILL";
                await Poll.UntilAsync(() => trainer.LastStep >= stopAt || trainer.HasExited, $"the trainer to reach step {stopAt}");
                trainer.Signal(signal);
                var exit = await trainer.WaitAsync();
                if (exit == 0)
                {
                    // The kill point was the last step and the trainer finished it before the signal landed (a fast
                    // machine): the run is complete, which is what the digest below checks.
                    await stopSidecar.CancelAsync();
                    Assert.Equal(0, await sidecar);
                    break;
                }

                Assert.Equal(signal == "TERM" ? 143 : 137, exit);
                savedOnTerm = signal == "TERM" ? trainer.TerminatedAfter : null;
            }
            else
            {
                Assert.Equal(0, await trainer.WaitAsync());
            }

            // The pod is going: the sidecar gets its SIGTERM after the trainer exits and drains.
            await stopSidecar.CancelAsync();
            Assert.Equal(0, await sidecar);
            if (last)
            {
                var status = Path.Combine(pod, ".orchestrator", "last-checkpoint.json");
                Assert.True(!File.Exists(status) || !File.ReadAllText(status).Contains(AzuriteServer.AccountKey, StringComparison.Ordinal));
                break;
            }
        }

        Assert.Equal(await Uninterrupted.Value, File.ReadAllText(result).Trim());
        Assert.DoesNotContain(AzuriteServer.AccountKey, log.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> RunUninterruptedAsync()
    {
        using var dir = new TempDir();
        var result = Path.Combine(dir.Path, "result");
        using var trainer = new TrainerProcess(dir.Sub("pod"), result, "--steps", "60");
        Assert.Equal(0, await trainer.WaitAsync());
        return File.ReadAllText(result).Trim();
    }
}
