using k8s.Models;
using Orchestrator.Kubernetes.Caching;
using static Orchestrator.Kubernetes.Tests.Caching.Pods;

namespace Orchestrator.Kubernetes.Tests.Caching;

public sealed class StoreDiffTests
{
    [Fact]
    public void A_relist_replays_adds_updates_and_deletes_but_not_unchanged_objects()
    {
        var cached = new Dictionary<ObjectKey, V1Pod>
        {
            [new("default", "same")] = WithVersion(Pod("same"), "1"),
            [new("default", "changed")] = WithVersion(Pod("changed"), "2"),
            [new("default", "gone-b")] = WithVersion(Pod("gone-b"), "3"),
            [new("default", "gone-a")] = WithVersion(Pod("gone-a"), "4"),
        };
        var fresh = new[] { WithVersion(Pod("same"), "1"), WithVersion(Pod("changed"), "7"), WithVersion(Pod("new"), "8") };

        var deltas = StoreDiff.Compute(cached, fresh);

        Assert.Equal(
            ["Updated changed 2->7", "Added new ->8", "Deleted gone-a 4->", "Deleted gone-b 3->"],
            deltas.Select(d => $"{d.Type} {d.Current.Metadata.Name} {d.Old?.Metadata.ResourceVersion}->{d.New?.Metadata.ResourceVersion}"));
    }

    [Fact]
    public void An_empty_cache_sees_every_listed_object_added_once_even_if_listed_twice()
    {
        var deltas = StoreDiff.Compute(new Dictionary<ObjectKey, V1Pod>(), [Pod("a"), Pod("b"), Pod("a")]);

        Assert.Equal([DeltaType.Added, DeltaType.Added], deltas.Select(d => d.Type));
    }

    [Fact]
    public void Objects_in_other_namespaces_with_the_same_name_are_different_objects()
    {
        var cached = new Dictionary<ObjectKey, V1Pod> { [new("team-a", "p")] = WithVersion(Pod("p", ns: "team-a"), "1") };

        var deltas = StoreDiff.Compute(cached, [WithVersion(Pod("p", ns: "team-b"), "1")]);

        Assert.Equal(["Added team-b/p", "Deleted team-a/p"], deltas.Select(d => $"{d.Type} {ObjectKey.Of(d.Current)}"));
    }

    private static V1Pod WithVersion(V1Pod pod, string version)
    {
        pod.Metadata.ResourceVersion = version;
        return pod;
    }
}
