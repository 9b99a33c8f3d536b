using Orchestrator.Api;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>spec.capacity.spotZones: each spot attempt is pinned to one zone by required node affinity, and moves after bad news.</summary>
public sealed class SpotZoneTests
{
    private static Cluster WithZones() => Cluster.ForQuickstart(spec => spec.Capacity!.SpotZones = ["zone-a", "zone-b"]);

    private static string? ZoneOfJob(Cluster cluster, int attempt)
    {
        var job = cluster.Jobs.Single(j => j.Metadata.Name == $"quick-{attempt}");
        var terms = job.Spec.Template.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        var expression = terms?.SelectMany(t => t.MatchExpressions ?? []).SingleOrDefault(e => e.Key == Defaults.ZoneLabel);
        return expression?.Values.Single();
    }

    [Fact]
    public void The_first_attempt_is_pinned_to_the_first_zone_and_a_preemption_moves_the_next_one()
    {
        var cluster = WithZones();
        cluster.Step();
        Assert.Equal("zone-a", cluster.Status.Attempts![0].Zone);
        Assert.Equal("zone-a", ZoneOfJob(cluster, 1));

        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Exit(cluster.PodsOf(1).First(), 1, "Evicted");
        cluster.Step(TimeSpan.FromSeconds(1));
        cluster.Step(TimeSpan.FromSeconds(1));

        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);
        Assert.Equal("zone-b", cluster.Status.Attempts[^1].Zone);
        Assert.Equal("zone-b", ZoneOfJob(cluster, cluster.Status.Attempts[^1].Index));
    }

    [Fact]
    public void A_spot_attempt_that_waits_longer_than_the_changeover_moves_to_the_next_zone()
    {
        var cluster = WithZones();
        cluster.Step();
        cluster.Step(TimeSpan.FromMinutes(5));
        Assert.Single(cluster.Status.Attempts!);

        cluster.Step(TimeSpan.FromMinutes(8));
        cluster.Step(TimeSpan.FromSeconds(1));

        Assert.Equal(AttemptEndReason.Suspended, cluster.Status.Attempts![0].EndReason);
        Assert.Contains(cluster.Status.Attempts[0].Evidence!, e => e.StartsWith("zone: ", StringComparison.Ordinal));
        Assert.Equal("zone-b", cluster.Status.Attempts[^1].Zone);
    }

    [Fact]
    public void Without_zones_no_affinity_is_added()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        Assert.Null(cluster.Status.Attempts![0].Zone);
        Assert.Null(ZoneOfJob(cluster, 1));
    }
}
