using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary><c>trainctl sandbox</c> serves a cluster on a port until cancelled, with a kubeconfig trainctl itself can use.</summary>
public sealed class SandboxHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-sandbox-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Serves_until_cancelled_and_trainctl_lists_through_its_kubeconfig()
    {
        var kubeconfig = Path.Combine(_dir, "sandbox", "kubeconfig");
        var output = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var services = new CliServices { Console = new CliConsole(output, new SharedWriter()) };
        var serving = TrainctlApp.RunAsync(["sandbox", "--kubeconfig", kubeconfig, "--time-scale", "60"], services, stop.Token);

        try
        {
            await Poll.UntilAsync(() => serving.IsCompleted || File.Exists(kubeconfig), "the sandbox's kubeconfig");
            Assert.False(serving.IsCompleted, $"the sandbox stopped early: {output}");
            Trainctl.Result? list = null;
            await Poll.UntilAsync(
                async () => (list = await Trainctl.RunAsync("list", "--kubeconfig", kubeconfig)).ExitCode == ExitCodes.Ok,
                "trainctl list against the sandbox");
            Assert.Equal("No TrainingRuns found in namespace default.\n", list!.Error);
            Assert.Contains($"kubectl --kubeconfig {kubeconfig} get tr", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("sandbox: serving http://127.0.0.1:", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(ExitCodes.Ok, await serving.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Refuses_to_overwrite_a_kubeconfig_it_did_not_write()
    {
        var kubeconfig = Path.Combine(_dir, "config");
        await File.WriteAllTextAsync(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: production\n");

        var result = await Trainctl.RunAsync("sandbox", "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Equal($"trainctl: sandbox: {kubeconfig} exists and is not a sandbox kubeconfig; choose another path\n", result.Error);
        Assert.Equal("apiVersion: v1\nkind: Config\ncurrent-context: production\n", await File.ReadAllTextAsync(kubeconfig));
    }

    [Theory]
    [InlineData("no kubeconfig", new string[0], "--kubeconfig PATH is required")]
    [InlineData("port out of range", new[] { "--port", "70000" }, "--port 70000 is not a port")]
    [InlineData("zero time scale", new[] { "--time-scale", "0" }, "--time-scale 0 must be a positive number")]
    public async Task Bad_flags_are_usage_errors(string name, string[] flags, string message)
    {
        string[] args = flags.Length == 0 ? ["sandbox"] : ["sandbox", "--kubeconfig", Path.Combine(_dir, "k"), .. flags];

        var result = await Trainctl.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.Usage, name);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
