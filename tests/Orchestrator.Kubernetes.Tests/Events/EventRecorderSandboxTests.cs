using k8s;
using k8s.Models;
using Orchestrator.Kubernetes.Events;
using Orchestrator.Sandbox;
using static Orchestrator.Kubernetes.Tests.Caching.Pods;

namespace Orchestrator.Kubernetes.Tests.Events;

public sealed class EventRecorderSandboxTests : IAsyncLifetime
{
    private readonly CountingFakeTimeProvider _serverTime = new();
    private readonly CountingFakeTimeProvider _time = new();
    private SandboxApiServer _server = null!;
    private IKubernetes _client = null!;
    private V1Pod _pod = null!;

    public async Task InitializeAsync()
    {
        _server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { Time = _serverTime });
        _client = _server.CreateClient();
        _pod = await _client.CoreV1.CreateNamespacedPodAsync(Pod("worker-0"), "default");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Repeats_within_the_window_bump_one_events_count_and_later_ones_start_a_new_event()
    {
        await using var recorder = new EventRecorder(_client, new EventRecorderOptions { Component = "orchestrator-controller", Instance = "pod-a" }, _time);

        recorder.Warning(_pod, "BackOff", "restarting failed container");
        _time.Advance(TimeSpan.FromMinutes(1));
        recorder.Warning(_pod, "BackOff", "restarting failed container");
        _time.Advance(TimeSpan.FromMinutes(1));
        recorder.Warning(_pod, "BackOff", "restarting failed container");
        recorder.Normal(_pod, "Started", "container started");

        await Poll.UntilAsync(() => Events().Count == 2 && Events().Any(e => e.Count == 3), because: "one aggregated Warning and one Normal");
        var warning = Events().Single(e => e.Reason == "BackOff");
        Assert.Equal("Warning", warning.Type);
        Assert.Equal("restarting failed container", warning.Message);
        Assert.Equal("orchestrator-controller", warning.Source.Component);
        Assert.Equal("pod-a", warning.ReportingInstance);
        Assert.Equal(("Pod", "worker-0", "default", _pod.Metadata.Uid), (warning.InvolvedObject.Kind, warning.InvolvedObject.Name, warning.InvolvedObject.NamespaceProperty, warning.InvolvedObject.Uid));
        Assert.Equal(TimeSpan.FromMinutes(2), warning.LastTimestamp - warning.FirstTimestamp);
        Assert.Equal("Normal", Events().Single(e => e.Reason == "Started").Type);

        _time.Advance(TimeSpan.FromMinutes(10));
        recorder.Warning(_pod, "BackOff", "restarting failed container");
        await Poll.UntilAsync(() => Events().Count == 3, because: "a repeat after the window is a new event");
    }

    [Fact]
    public async Task Recording_never_blocks_when_the_api_server_is_stalled_and_overflow_is_dropped_and_counted()
    {
        _server.Faults.AddLatency(TimeSpan.FromHours(1), verb: "create", resource: "events");
        await using var recorder = new EventRecorder(_client, new EventRecorderOptions { Component = "c", BufferSize = 2 }, _time);

        recorder.Normal(_pod, "First", "written first");
        await Poll.UntilAsync(() => _serverTime.Waiting == 1, because: "the first write is stalled in the server");
        for (var i = 0; i < 4; i++)
        {
            recorder.Normal(_pod, $"Next{i}", "queued or dropped");
        }

        Assert.Equal(2, recorder.Dropped);
        _server.Faults.Clear();
        _serverTime.Advance(TimeSpan.FromHours(1));
        await Poll.UntilAsync(() => Events().Count == 3, because: "the stalled event and the two buffered ones");
        Assert.Equal(["First", "Next0", "Next1"], Events().Select(e => e.Reason).Order(StringComparer.Ordinal));
    }

    private List<Corev1Event> Events() =>
        [.. _client.CoreV1.ListNamespacedEvent("default", fieldSelector: "involvedObject.name=worker-0").Items];
}
