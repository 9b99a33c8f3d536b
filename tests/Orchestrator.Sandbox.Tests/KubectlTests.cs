using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

/// <summary>The real kubectl against the sandbox on a loopback port: what a user types must work and show what they expect.</summary>
public sealed class KubectlTests(KestrelSandboxFixture fixture) : IClassFixture<KestrelSandboxFixture>
{
    private const string Group = "orchestrator.dev";
    private const string Version = "v1alpha1";
    private readonly Kubectl _kubectl = fixture.Kubectl;

    [Fact]
    public async Task Applying_the_samples_creates_every_object_with_validation_on()
    {
        var ns = await _kubectl.RunAsync("create", "namespace", "ml-research");
        Assert.True(ns.ExitCode == 0, ns.ToString());

        var applied = await _kubectl.RunAsync("apply", "-f", Repo.Samples);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        foreach (var expected in new[]
        {
            "trainingrun.orchestrator.dev/quickstart created",
            "resourceflavor.kueue.x-k8s.io/spot created",
            "clusterqueue.kueue.x-k8s.io/gpu-spot-first created",
            "localqueue.kueue.x-k8s.io/on-demand created",
        })
        {
            Assert.Contains(expected, applied.Stdout, StringComparison.Ordinal);
        }

        var again = await _kubectl.RunAsync("apply", "-f", Path.Combine(Repo.Samples, "quickstart.yaml"));
        Assert.Contains("trainingrun.orchestrator.dev/quickstart unchanged", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_tr_shows_the_printer_columns_with_status_values()
    {
        await CreateRunAsync("columns", "columns-ns");
        using var client = fixture.Server.CreateClient();
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"phase":"Running","capacityType":"Spot","currentAttempt":2,"preemptions":1,"lastCheckpoint":{"step":1200}}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "columns-ns", "trainingruns", "columns");

        var get = await _kubectl.RunAsync("get", "tr", "-n", "columns-ns");

        Assert.True(get.ExitCode == 0, get.ToString());
        var lines = get.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "PHASE", "CAPACITY", "ATTEMPT", "PREEMPTIONS", "CHECKPOINT", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["columns", "Running", "Spot", "2", "1", "1200"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
    }

    [Fact]
    public async Task Get_tr_as_yaml_shows_the_stored_object_with_defaults()
    {
        await CreateRunAsync("yaml", "yaml-ns");

        var get = await _kubectl.RunAsync("get", "tr", "yaml", "-n", "yaml-ns", "-o", "yaml");

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("kind: TrainingRun", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("  name: yaml", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("resourceVersion:", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("changeoverDelay: 12m", get.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_tr_shows_the_spec_and_the_events_about_the_run()
    {
        await CreateRunAsync("described", "describe-ns");
        using var client = fixture.Server.CreateClient();
        var run = await client.CustomObjects.GetNamespacedCustomObjectAsync<System.Text.Json.JsonElement>(Group, Version, "describe-ns", "trainingruns", "described");
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "described.1" },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = $"{Group}/{Version}",
                Kind = "TrainingRun",
                Name = "described",
                NamespaceProperty = "describe-ns",
                Uid = run.GetProperty("metadata").GetProperty("uid").GetString(),
            },
            Reason = "AttemptStarted",
            Message = "attempt 1 started on spot",
            Type = "Normal",
            Source = new V1EventSource { Component = "orchestrator" },
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
        }, "describe-ns");

        var describe = await _kubectl.RunAsync("describe", "tr", "described", "-n", "describe-ns");

        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Contains("Name:         described", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kind:         TrainingRun", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("Workers:", describe.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Normal\s+AttemptStarted\s+.*orchestrator\s+attempt 1 started on spot", describe.Stdout);
    }

    [Fact]
    public async Task Delete_tr_removes_the_run()
    {
        await CreateRunAsync("doomed", "delete-ns");

        var delete = await _kubectl.RunAsync("delete", "tr", "doomed", "-n", "delete-ns");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains("trainingrun.orchestrator.dev \"doomed\" deleted", delete.Stdout, StringComparison.Ordinal);

        var get = await _kubectl.RunAsync("get", "tr", "doomed", "-n", "delete-ns");
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("Error from server (NotFound): trainingruns.orchestrator.dev \"doomed\" not found", get.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_of_an_invalid_run_reports_the_fields_at_fault()
    {
        var file = WriteRun("invalid", "default", workers: 0);

        var apply = await _kubectl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, apply.ExitCode);
        Assert.Contains("is invalid", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.workers", apply.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_pods_watch_prints_a_line_for_a_new_pod()
    {
        using var watch = _kubectl.StartStreaming("get", "pods", "-n", "default", "-w");
        await WaitForWatcherAsync("pods");
        using var client = fixture.Server.CreateClient();
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "watched" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
        }, "default");

        var output = await watch.WaitForAsync(o => o.Contains("watched", StringComparison.Ordinal));
        Assert.Matches(@"watched\s+0/1\s+Pending\s+0\s+\d+s", output);
    }

    private async Task WaitForWatcherAsync(string resource)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (fixture.Server.Store.OpenWatchers(resource).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "kubectl never opened its watch");
            await Task.Delay(50);
        }
    }

    private async Task CreateRunAsync(string name, string ns)
    {
        using var client = fixture.Server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var apply = await _kubectl.RunAsync("apply", "-f", WriteRun(name, ns));
        Assert.True(apply.ExitCode == 0, apply.ToString());
    }

    private string WriteRun(string name, string ns, int workers = 2)
    {
        var yaml = File.ReadAllText(Path.Combine(Repo.Samples, "quickstart.yaml"))
            .Replace("name: quickstart", $"name: {name}\n  namespace: {ns}", StringComparison.Ordinal)
            .Replace("workers: 2", $"workers: {workers}", StringComparison.Ordinal);
        var path = Path.Combine(fixture.Directory, $"{name}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
