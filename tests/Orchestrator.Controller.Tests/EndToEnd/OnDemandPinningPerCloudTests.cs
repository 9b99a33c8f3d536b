using Orchestrator.Api;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User story, once per cloud label scheme: the sandbox's nodes and Kueue flavors carry that cloud's labels, and an
/// on-demand attempt (a fallback's, here the run prefers on-demand) is pinned with what the on-demand flavor says,
/// so it lands on an on-demand node and finishes. A hard-coded Karpenter selector left it unschedulable off Karpenter.
/// </summary>
public sealed class OnDemandPinningPerCloudTests
{
    [Theory]
    [InlineData(CloudProvider.Aws, NodeLabelScheme.Karpenter, "karpenter.sh/capacity-type", "on-demand")]
    [InlineData(CloudProvider.Aws, NodeLabelScheme.EksManagedNodeGroup, "eks.amazonaws.com/capacityType", "ON_DEMAND")]
    [InlineData(CloudProvider.Gke, NodeLabelScheme.Gke, "cloud.google.com/gke-provisioning", "standard")]
    [InlineData(CloudProvider.Aks, NodeLabelScheme.Aks, "kubernetes.azure.com/scalesetpriority", "regular")]
    public async Task An_on_demand_attempt_lands_on_an_on_demand_node(CloudProvider provider, NodeLabelScheme scheme, string label, string value)
    {
        await using var world = await ControllerWorld.StartAsync(sandbox: options => options with { Provider = provider, LabelScheme = scheme });
        await world.CreateAsync(world.Quickstart("pinned", steps: 10, stepSeconds: 0.02, spec => spec.Capacity = new CapacitySpec { Preferred = CapacityType.OnDemand }));

        var done = await world.WaitForAsync("pinned", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.True(done.Status!.Phase == RunPhase.Succeeded, done.Status.Message);
        var attempt = Assert.Single(done.Status.Attempts!);
        Assert.Equal(("on-demand", CapacityType.OnDemand), (attempt.Flavor, attempt.Capacity));
        var job = Assert.Single(await world.JobsAsync("pinned"));
        Assert.Equal(value, job.Spec.Template.Spec.NodeSelector[label]);
        var pod = Assert.Single(await world.PodsOfAttemptAsync("pinned", 1));
        Assert.Contains(pod.Spec.NodeName, world.Cluster.NodesOf(SandboxDefaults.OnDemandPool));
    }
}
