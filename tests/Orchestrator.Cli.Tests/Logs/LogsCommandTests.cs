using Orchestrator.Cli.Demo;
using Orchestrator.Cli.Tests.Commands;
using Orchestrator.Cli.Tests.Rendering;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Logs;

/// <summary>
/// <c>trainctl logs</c>: against the API server alone (no kubelet: what is gone is said so), and following the demo's
/// run through both its preemptions into the attempt that finishes.
/// </summary>
public sealed class LogsCommandTests
{
    [Fact]
    public async Task Attempts_whose_pods_are_gone_are_named_on_stderr()
    {
        await using var sandbox = CliSandbox.Start();
        await sandbox.CreateAsync(Runs.FellBack());
        await sandbox.SetStatusAsync("ml", "llm-finetune", Runs.FellBack().Status!);

        var result = await sandbox.RunAsync("logs", "llm-finetune", "-n", "ml", "--attempt", "all");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal(
            "--- attempt 1: no pods left; a pod's log goes with it\n--- attempt 2: no pods left; a pod's log goes with it\n--- attempt 3: no pods left; a pod's log goes with it\n",
            result.Error);
    }

    [Theory]
    [InlineData("--attempt", "last")]
    [InlineData("--rank", "-1")]
    [InlineData("--since", "yesterday")]
    public async Task A_bad_selector_is_a_usage_error_naming_the_flag(string flag, string value)
    {
        await using var sandbox = CliSandbox.Start();

        var result = await sandbox.RunAsync("logs", "x", flag, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"trainctl: {flag}: \"{value}\"", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_goes_with_the_demo_run_across_both_preemptions_to_the_end()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var options = new DemoOptions();
        var demoOut = new SharedWriter();
        var logsOut = new SharedWriter();
        var logsErr = new SharedWriter();
        int logsCode;
        await using (var world = await DemoWorld.StartAsync(DemoPaths.Find(Environment.CurrentDirectory), options, deadline.Token))
        {
            var feed = new DemoFeed(world, new PlainDemoView(demoOut), TimeProvider.System);
            var story = new DemoStory(world, feed, options).RunAsync(deadline.Token);
            await Poll.UntilAsync(
                async () => story.IsCompleted || (await Trainctl.RunAsync("status", DemoOptions.RunName, "--kubeconfig", world.Kubeconfig)).ExitCode == ExitCodes.Ok,
                "the run created",
                TimeSpan.FromSeconds(120));

            var logs = TrainctlApp.RunAsync(
                ["logs", DemoOptions.RunName, "-f", "--kubeconfig", world.Kubeconfig],
                new CliServices { Console = new CliConsole(logsOut, logsErr) },
                deadline.Token);
            await story;
            logsCode = await logs.WaitAsync(TimeSpan.FromSeconds(60));
        }

        var context = $"logs exit {logsCode}\n--- stderr\n{logsErr}\n--- demo\n{demoOut}";
        Assert.True(logsCode == ExitCodes.Ok, context);
        var lines = logsOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^\[attempt [123] rank [01]\] ", l));
        Assert.Contains(lines, l => l.StartsWith("[attempt 1 rank 0] step ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[attempt 2 rank 1] resumed from ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[attempt 3 rank 0] done digest ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[attempt 3 rank 1] done digest ", StringComparison.Ordinal));
        var notes = logsErr.ToString();
        Assert.Matches(@"--- attempt 1 preempted: node/\S+: .+; following attempt 2\n", notes);
        Assert.Matches(@"--- attempt 2 preempted: node/\S+: .+; following attempt 3\n", notes);
        Assert.EndsWith("--- attempt 3 succeeded: job: Complete; trainingrun/quickstart Succeeded\n", notes, StringComparison.Ordinal);
    }
}
