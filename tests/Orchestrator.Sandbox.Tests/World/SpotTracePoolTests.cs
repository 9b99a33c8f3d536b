using k8s;
using Orchestrator.Api;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class SpotTracePoolTests
{
    [Fact]
    public async Task A_trace_driven_pool_loses_its_nodes_at_the_outage_tick_and_regains_them_after_the_provisioning_delay()
    {
        var gap = TimeSpan.FromSeconds(60);
        var provisioning = TimeSpan.FromSeconds(30);
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = 60,
            CreateKueueSetup = false,
            Pools =
            [
                WorldClusters.Pool("spot", CapacityType.Spot, 2, provisioning) with
                {
                    Trace = new SpotTrace(gap, [1, 1, 0, 0, 1]),
                    TracePreemptionWithNotice = false,
                },
            ],
        });
        var client = cluster.Client;
        var start = cluster.PoolsStartedAt;
        async Task<int> Nodes() => (await client.CoreV1.ListNodeAsync()).Items.Count;

        await Eventually.Until(async () => await Nodes() == 0, "the outage");
        var lost = cluster.Time.GetUtcNow() - start;
        await Eventually.Until(async () => await Nodes() == 2, "capacity to return");
        var regained = cluster.Time.GetUtcNow() - start;

        Assert.InRange(lost, gap * 2, gap * 4);
        Assert.True(regained >= (gap * 4) + provisioning, $"nodes came back at {regained}, before tick 4 plus the provisioning delay");
    }
}
