using System.Text.Json;
using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Cli.Tests.Golden;
using Orchestrator.Cli.Tests.Rendering;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary>Every cluster command against the sandbox API server, through the real KubernetesClient.</summary>
public sealed class SandboxCommandTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-commands-").FullName;
    private CliSandbox _sandbox = null!;

    public Task InitializeAsync()
    {
        _sandbox = CliSandbox.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Submit_creates_the_sample_and_a_second_submit_is_a_conflict()
    {
        var sample = Repo.Sample("quickstart.yaml");

        var first = await _sandbox.RunAsync("submit", "-f", sample);
        var again = await _sandbox.RunAsync("submit", "-f", sample);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal("trainingrun/quickstart created in namespace default\n", first.Out);
        Assert.Contains("trainctl status quickstart -w", first.Error, StringComparison.Ordinal);
        var created = await _sandbox.GetAsync("default", "quickstart");
        Assert.Equal(2, created.Spec.Workers);
        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.StartsWith("trainctl: trainingrun \"quickstart\" in namespace \"default\":", again.Error, StringComparison.Ordinal);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_of_an_invalid_run_names_the_field_and_creates_nothing()
    {
        var file = Path.Combine(_dir, "bad.yaml");
        var text = (await File.ReadAllTextAsync(Repo.Sample("quickstart.yaml"))).Replace("workers: 2", "workers: 0", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, text);

        var result = await _sandbox.RunAsync("submit", "-f", file);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("spec.workers", result.Error, StringComparison.Ordinal);
        Assert.Contains(file, result.Error, StringComparison.Ordinal);
        var list = await _sandbox.RunAsync("list", "-o", "json");
        Assert.Empty(JsonDocument.Parse(list.Out).RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task List_shows_the_namespace_or_all_namespaces_and_filters_by_label()
    {
        await _sandbox.CreateAsync(Run("vision-a", "team-a", ("team", "vision")));
        await _sandbox.CreateAsync(Run("nlp-a", "team-a", ("team", "nlp")));
        await _sandbox.CreateAsync(Run("vision-b", "team-b", ("team", "vision")));

        var inA = await _sandbox.RunAsync("list", "-n", "team-a");
        var all = await _sandbox.RunAsync("list", "-A");
        var vision = await _sandbox.RunAsync("list", "-A", "-l", "team=vision", "-o", "json");
        var none = await _sandbox.RunAsync("list", "-n", "empty");

        Assert.Equal(ExitCodes.Ok, inA.ExitCode);
        GoldenFile.Assert("list-sandbox.txt", inA.Out);
        GoldenFile.Assert("list-sandbox-all.txt", all.Out);
        using var json = JsonDocument.Parse(vision.Out);
        Assert.Equal(
            ["team-a/vision-a", "team-b/vision-b"],
            json.RootElement.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("metadata").GetProperty("namespace").GetString()}/{i.GetProperty("metadata").GetProperty("name").GetString()}"));
        Assert.Equal("", none.Out);
        Assert.Equal("No TrainingRuns found in namespace empty.\n", none.Error);
    }

    [Fact]
    public async Task Status_shows_the_timeline_checkpoint_and_cost_written_through_the_status_subresource()
    {
        var run = Runs.FellBack();
        await _sandbox.CreateAsync(run);
        await _sandbox.SetStatusAsync("ml", "llm-finetune", run.Status!);

        var result = await _sandbox.RunAsync("status", "llm-finetune", "-n", "ml");
        var json = await _sandbox.RunAsync("status", "llm-finetune", "-n", "ml", "-o", "json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        GoldenFile.Assert("status.txt", result.Out);
        using var status = JsonDocument.Parse(json.Out);
        Assert.Equal(3, status.RootElement.GetProperty("attempts").GetArrayLength());
        Assert.Equal(4200, status.RootElement.GetProperty("lastCheckpoint").GetProperty("step").GetInt64());
    }

    [Fact]
    public async Task Status_watch_piped_prints_one_plain_line_per_change_until_cancelled()
    {
        await _sandbox.CreateAsync(Run("watched", "default"));
        var output = new SharedWriter();
        using var cancel = new CancellationTokenSource();
        var watching = _sandbox.StartAsync(new CliConsole(output, new SharedWriter()), cancel.Token, "status", "watched", "-w");
        string[] Lines() => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        await Poll.UntilAsync(() => Lines().Length == 1, "the first line");
        await _sandbox.SetStatusAsync("default", "watched", new TrainingRunStatus { Phase = RunPhase.Queued, CurrentAttempt = 1, CapacityType = CapacityType.Spot });
        await Poll.UntilAsync(() => Lines().Length == 2, "the line after the first change");
        await _sandbox.SetStatusAsync("default", "watched", new TrainingRunStatus
        {
            Phase = RunPhase.Running,
            CurrentAttempt = 1,
            CapacityType = CapacityType.Spot,
            LastCheckpoint = new CheckpointStatus { Id = "000000000100-a1", Step = 100, SizeBytes = 1 << 20, Time = Runs.Now },
            Progress = new ProgressStatus { Step = 123, TotalSteps = 400, StepSeconds = 2, Eta = Runs.Now.AddSeconds(554), ReportedAt = Runs.Now },
        });
        await Poll.UntilAsync(() => Lines().Length == 3, "the line after the second change");
        await cancel.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await watching.WaitAsync(TimeSpan.FromSeconds(60)));
        var lines = Lines();
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  ", l));
        Assert.EndsWith("  Pending  preemptions 0  checkpoint -", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("  Queued  attempt 1 on spot  preemptions 0  checkpoint -", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("  Running  attempt 1 on spot  preemptions 0  checkpoint 100  progress 123/400 31%  2s/step  ETA 2026-11-26T12:09:14Z", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_watch_on_a_terminal_repaints_the_view_in_place()
    {
        await _sandbox.CreateAsync(Run("watched", "default"));
        var output = new SharedWriter();
        using var cancel = new CancellationTokenSource();
        var watching = _sandbox.StartAsync(new CliConsole(output, new SharedWriter(), width: 200, interactive: true), cancel.Token, "status", "watched", "-w");
        int Views() => output.ToString().Split("Run:").Length - 1;

        await Poll.UntilAsync(() => Views() == 1, "the first view");
        var first = output.ToString();
        await _sandbox.SetStatusAsync("default", "watched", new TrainingRunStatus
        {
            Phase = RunPhase.Running,
            CurrentAttempt = 1,
            CapacityType = CapacityType.Spot,
            Progress = new ProgressStatus { Step = 123, TotalSteps = 400, ReportedAt = Runs.Now },
        });
        await Poll.UntilAsync(() => Views() == 2, "the repaint after the change");
        await cancel.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await watching.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain('\u001b', first);
        var second = output.ToString()[first.Length..];
        // Back up over exactly the rows the first view took, then clear below: the view repaints where it was.
        Assert.StartsWith($"\r\u001b[{first.Split('\n').Length - 1}A\u001b[J" + "Run:", second, StringComparison.Ordinal);
        Assert.Contains("Progress:    [######--------------] step 123/400 (31%)", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_the_reported_progress_and_eta()
    {
        var run = Runs.Reporting();
        await _sandbox.EnsureNamespaceAsync("ml");
        await _sandbox.CreateAsync(Run("llm-pretrain", "ml"));
        await _sandbox.SetStatusAsync("ml", "llm-pretrain", run.Status!);

        var result = await _sandbox.RunAsync("list", "-n", "ml");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"PROGRESS\s+ETA\s+AGE$", lines[0]);
        Assert.Matches(@"^llm-pretrain .* 4200/10000 42%\s+4h2m\s+\S+$", lines[1]);
    }

    [Fact]
    public async Task Describe_shows_the_spec_status_and_the_runs_events()
    {
        var created = await _sandbox.CreateAsync(Run("described", "default"));
        await _sandbox.Client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = "described.1", NamespaceProperty = "default" },
                InvolvedObject = new V1ObjectReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.Kind, Name = "described", NamespaceProperty = "default", Uid = created.Metadata.Uid },
                Reason = "SpotPreempted",
                Message = "node/ip-10-0-1-7 got a spot interruption notice; saving a checkpoint",
                Type = "Warning",
                Count = 1,
                FirstTimestamp = Runs.Now.UtcDateTime,
                LastTimestamp = Runs.Now.UtcDateTime,
            },
            "default");
        await _sandbox.Client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = "other.1", NamespaceProperty = "default" },
                InvolvedObject = new V1ObjectReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.Kind, Name = "other", NamespaceProperty = "default" },
                Reason = "NotMine",
                Message = "about another run",
                Type = "Normal",
                LastTimestamp = Runs.Now.UtcDateTime,
            },
            "default");

        var result = await _sandbox.RunAsync("describe", "described");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("SpotPreempted", result.Out, StringComparison.Ordinal);
        Assert.Contains("got a spot interruption notice", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NotMine", result.Out, StringComparison.Ordinal);
        Assert.Contains("s3://ckpt/team-a", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_and_resume_flip_spec_suspend()
    {
        await _sandbox.CreateAsync(Run("paused", "default"));

        var suspend = await _sandbox.RunAsync("suspend", "paused");
        var suspended = await _sandbox.GetAsync("default", "paused");
        var resume = await _sandbox.RunAsync("resume", "paused");
        var resumed = await _sandbox.GetAsync("default", "paused");
        var resumeAgain = await _sandbox.RunAsync("resume", "paused");

        Assert.Equal(ExitCodes.Ok, suspend.ExitCode);
        Assert.True(suspended.Spec.Suspend);
        Assert.Equal(ExitCodes.Ok, resume.ExitCode);
        Assert.False(resumed.Spec.Suspend ?? false);
        Assert.Equal(ExitCodes.Conflict, resumeAgain.ExitCode);
        Assert.Contains("nothing to resume", resumeAgain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_of_a_failed_run_requests_a_restart_from_its_newest_checkpoint()
    {
        await _sandbox.CreateAsync(Run("crashed", "default"));
        await _sandbox.SetStatusAsync("default", "crashed", new TrainingRunStatus
        {
            Phase = RunPhase.Failed,
            CurrentAttempt = 4,
            AppFailures = 3,
            LastCheckpoint = new CheckpointStatus { Id = "000000000900-a4", Step = 900, SizeBytes = 1 << 20, Time = Runs.Now },
        });

        var result = await _sandbox.RunAsync("resume", "crashed");
        var after = await _sandbox.GetAsync("default", "crashed");
        var suspendFailed = await _sandbox.RunAsync("suspend", "crashed");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("trainingrun/crashed restarting from checkpoint step 900\n", result.Out);
        Assert.False(string.IsNullOrEmpty(after.Metadata.Annotations?[Annotations.RestartRequest]));
        Assert.Equal(ExitCodes.Conflict, suspendFailed.ExitCode);
    }

    [Fact]
    public async Task Delete_removes_the_run()
    {
        await _sandbox.CreateAsync(Run("doomed", "default"));

        var result = await _sandbox.RunAsync("delete", "doomed");
        var status = await _sandbox.RunAsync("status", "doomed");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("trainingrun/doomed deleted\n", result.Out);
        Assert.Equal(ExitCodes.NotFound, status.ExitCode);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("describe")]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("delete")]
    [InlineData("checkpoints")]
    public async Task An_unknown_run_is_not_found(string command)
    {
        var result = await _sandbox.RunAsync(command, "x");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal("trainctl: trainingrun \"x\" not found in namespace \"default\"\n", result.Error);
        Assert.Equal("", result.Out);
    }

    private static TrainingRun Run(string name, string ns, params (string Key, string Value)[] labels)
    {
        var run = Runs.Pending(name, ns);
        run.Metadata.CreationTimestamp = null;
        run.Metadata.Generation = null;
        run.Metadata.Labels = labels.Length == 0 ? null : labels.ToDictionary(l => l.Key, l => l.Value);
        return run;
    }
}
