using System.Text.Json;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.Controller.Hosting;
using Orchestrator.Sandbox;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary>
/// The path docs/cli.md walks a user through: <c>trainctl sandbox</c> in one terminal, the controller started by hand
/// against its kubeconfig in another, <c>trainctl submit -f samples/quickstart.yaml</c>. The sample's own command
/// (<c>python3 samples/trainer/train.py</c>, relative to the image's code folder) has to run in the sandbox's pods.
/// </summary>
public sealed class SandboxWithControllerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-sandbox-ctl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_controller_started_by_hand_drives_quickstart_to_Succeeded()
    {
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        var sandboxOutput = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var sandbox = TrainctlApp.RunAsync(
            ["sandbox", "--kubeconfig", kubeconfig, "--time-scale", "10"],
            new CliServices { Console = new CliConsole(sandboxOutput, new SharedWriter()) },
            stop.Token);
        Task<int>? controller = null;
        try
        {
            await Poll.UntilAsync(() => sandbox.IsCompleted || sandboxOutput.ToString().Contains("sandbox: serving", StringComparison.Ordinal), "the sandbox serving");
            Assert.False(sandbox.IsCompleted, $"the sandbox stopped early: {sandboxOutput}");
            controller = ControllerProgram.RunAsync(["--kubeconfig", kubeconfig, "--metrics-port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)], stop.Token);

            // The sample as shipped, except its checkpoint folder: /tmp/orchestrator/... is shared by every run on the machine.
            var yaml = (await File.ReadAllTextAsync(Repo.Sample("quickstart.yaml")))
                .Replace("file:///tmp/orchestrator/checkpoints/quickstart", new Uri(Path.Combine(_dir, "checkpoints")).AbsoluteUri, StringComparison.Ordinal);
            var file = Path.Combine(_dir, "quickstart.yaml");
            await File.WriteAllTextAsync(file, yaml);
            var submit = await Trainctl.RunAsync("submit", "-f", file, "--kubeconfig", kubeconfig);
            Assert.True(submit.ExitCode == ExitCodes.Ok, submit.Error);

            string? phase = null;
            var finished = Poll.UntilAsync(
                async () =>
                {
                    Assert.False(controller.IsCompleted, $"the controller stopped: exit {(controller.IsCompleted ? controller.Result : 0)}");
                    var status = await Trainctl.RunAsync("status", "quickstart", "-o", "json", "--kubeconfig", kubeconfig);
                    phase = status.ExitCode == ExitCodes.Ok ? PhaseOf(status.Out) : null;
                    return phase is "Succeeded" or "Failed";
                },
                "quickstart to finish",
                TimeSpan.FromMinutes(3));
            try
            {
                await finished;
            }
            finally
            {
                if (phase != "Succeeded")
                {
                    var describe = await Trainctl.RunAsync("describe", "quickstart", "--kubeconfig", kubeconfig);
                    Console.Error.WriteLine($"quickstart ended {phase ?? "unfinished"}:\n{describe.Out}{describe.Error}");
                }
            }

            Assert.Equal("Succeeded", phase);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(ExitCodes.Ok, await sandbox.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await controller!.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    private static string? PhaseOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        // `status -o json` prints the run's status; it has no phase until the controller's first reconcile.
        return document.RootElement.TryGetProperty("phase", out var phase) ? phase.GetString() : null;
    }
}
