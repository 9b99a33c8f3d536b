using Orchestrator.Api;
using Orchestrator.Core.Preemption;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>What the controller takes from Kueue's own objects: the on-demand pinning, the flavor admitted, and Kueue giving up.</summary>
public sealed class KueueDerivedTests
{
    public static TheoryData<string, string, string, string> Schemes() => new()
    {
        { "Karpenter", "karpenter.sh/capacity-type", "spot", "on-demand" },
        { "EKS managed node groups", "eks.amazonaws.com/capacityType", "SPOT", "ON_DEMAND" },
        { "GKE", "cloud.google.com/gke-provisioning", "spot", "standard" },
        { "AKS", "kubernetes.azure.com/scalesetpriority", "spot", "regular" },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void An_on_demand_attempt_is_pinned_with_the_on_demand_flavors_own_node_labels(string scheme, string label, string spot, string onDemand)
    {
        _ = scheme;
        var cluster = OnDemandRun();
        cluster.Kueue = FlavorMaps.Sample(label, spot, onDemand);

        cluster.Step();

        var selector = cluster.Jobs.Single().Spec.Template.Spec.NodeSelector;
        Assert.Equal(new Dictionary<string, string> { [label] = onDemand }, selector);
    }

    [Fact]
    public void The_configured_selector_overrides_what_Kueue_says()
    {
        var cluster = OnDemandRun();
        cluster.Settings = ReconcileSettings.Default with { OnDemandNodeSelector = new Dictionary<string, string> { ["pool"] = "od" } };

        cluster.Step();

        Assert.Equal(new Dictionary<string, string> { ["pool"] = "od" }, cluster.Jobs.Single().Spec.Template.Spec.NodeSelector);
    }

    [Fact]
    public void Without_Kueue_objects_to_read_nothing_is_pinned_and_Kueue_places_the_attempt_by_its_flavors()
    {
        var cluster = OnDemandRun();
        cluster.Kueue = null;

        cluster.Step();

        Assert.Null(cluster.Jobs.Single().Spec.Template.Spec.NodeSelector);
    }

    [Fact]
    public void A_spot_queue_attempt_admitted_on_the_on_demand_flavor_by_borrowing_is_recorded_and_costed_as_on_demand()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Checkpoint.Interval = "24h");
        cluster.Step();
        cluster.Workloads["quick-1"] = new KueueWorkloadState(Flavors: new Dictionary<string, string> { ["nvidia.com/gpu"] = "on-demand", ["cpu"] = "on-demand" });
        cluster.StartWorkers(1, pool: "on-demand");
        cluster.Step(TimeSpan.FromMinutes(1));

        cluster.Step(TimeSpan.FromMinutes(10));

        var attempt = cluster.Status.Attempts!.Single();
        Assert.Equal(("on-demand", CapacityType.Spot, CapacityType.OnDemand), (attempt.Flavor, attempt.Capacity, attempt.AdmittedCapacity));
        Assert.Equal(0, cluster.Status.GpuSeconds!.Spot);
        Assert.True(cluster.Status.GpuSeconds.OnDemand > 0);
        Assert.Single(cluster.Events, e => e.Reason == ConditionReasons.AdmittedOnOtherCapacity);
    }

    [Fact]
    public void A_spot_attempt_admitted_on_spot_records_its_flavor_and_stays_spot()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.Workloads["quick-1"] = new KueueWorkloadState(Flavors: new Dictionary<string, string> { ["nvidia.com/gpu"] = "spot" });

        cluster.Step(TimeSpan.FromMinutes(1));

        var attempt = cluster.Status.Attempts!.Single();
        Assert.Equal(("spot", (CapacityType?)null), (attempt.Flavor, attempt.AdmittedCapacity));
    }

    [Fact]
    public void A_workload_Kueue_finished_without_running_fails_the_run_with_Kueues_reason_instead_of_Queued_forever()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.Workloads["quick-1"] = new KueueWorkloadState(Finished: new KueueFinished("AdmissionChecksRejected", "Admission check provisioning rejected the workload"));

        cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(RunPhase.Failed, cluster.Status.Phase);
        var failed = cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.Failed);
        Assert.Equal(ConditionReasons.WorkloadFinished, failed.Reason);
        Assert.Contains("AdmissionChecksRejected", failed.Message, StringComparison.Ordinal);
        Assert.Contains("provisioning rejected", failed.Message, StringComparison.Ordinal);
        Assert.Single(cluster.Status.Attempts!);
        Assert.Empty(cluster.Jobs);
        Assert.Contains(cluster.Events, e => e.Warning && e.Reason == ConditionReasons.WorkloadFinished);
    }

    [Theory]
    [InlineData("Deactivated")]
    [InlineData("DeactivatedDueToRequeuingLimitExceeded")]
    [InlineData("DeactivatedDueToMaximumExecutionTimeExceeded")]
    public void A_deactivated_workload_is_not_a_preemption(string reason)
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.Evictions["quick-1"] = new KueueEviction(reason, cluster.Now, "The workload is deactivated");

        cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(0, cluster.Status.Preemptions);
        Assert.Equal(AttemptEndReason.Suspended, cluster.Status.Attempts![0].EndReason);
        Assert.Contains(cluster.Events, e => e.Warning && e.Reason == ConditionReasons.WorkloadDeactivated && e.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(2, cluster.Status.Attempts.Count);
    }

    [Fact]
    public void Kueues_reason_for_not_admitting_shows_in_the_Running_condition()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.Workloads["quick-1"] = new KueueWorkloadState(PendingMessage: "couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor spot");

        cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Contains("Kueue: couldn't assign flavors", cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.Running).Message, StringComparison.Ordinal);
    }

    private static Cluster OnDemandRun() =>
        Cluster.ForQuickstart(spec => spec.Capacity = new CapacitySpec { Preferred = CapacityType.OnDemand });
}
