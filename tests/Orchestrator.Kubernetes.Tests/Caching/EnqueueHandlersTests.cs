using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Kubernetes.Queue;
using static Orchestrator.Kubernetes.Tests.Caching.Pods;

namespace Orchestrator.Kubernetes.Tests.Caching;

public sealed class EnqueueHandlersTests
{
    [Fact]
    public async Task Pod_changes_enqueue_their_run_once_per_burst_and_both_runs_when_the_label_moves()
    {
        var time = new FakeTimeProvider();
        var source = new InMemoryListWatchSourceFake();
        using var queue = new WorkQueue<ObjectKey>(time);
        using var stop = new CancellationTokenSource();
        var pods = new Informer<V1Pod>(source, time, random: () => 0.5);
        EnqueueHandlers.ByLabel(pods, queue, "orchestrator.dev/run");
        source.Set(Pod("w0", run: "r1"));
        source.Set(Pod("w1", run: "r1"));
        source.Set(Pod("unlabelled"));

        var run = pods.RunAsync(stop.Token);
        await pods.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);
        Assert.Equal(1, queue.Count);
        Assert.Equal(new ObjectKey("default", "r1"), (await queue.GetAsync()).Key);
        queue.Done(new ObjectKey("default", "r1"));

        await Poll.UntilAsync(() => source.IsWatching);
        source.Set(Pod("w1", run: "r2"));
        await Poll.UntilAsync(() => queue.Count == 2);

        var keys = new[] { (await queue.GetAsync()).Key, (await queue.GetAsync()).Key };
        Assert.Equal(["r1", "r2"], keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        await stop.CancelAsync();
        await run.WaitAsync(Poll.DefaultDeadline);
    }
}
