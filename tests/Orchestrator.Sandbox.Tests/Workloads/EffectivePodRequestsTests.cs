using k8s.Models;
using Orchestrator.Sandbox.Workloads.Scheduling;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>The cases of KEP-753's resource formula, as component-helpers' PodRequests computes them.</summary>
public sealed class EffectivePodRequestsTests
{
    [Theory]
    [InlineData("containers add up", "1,2", "", 3)]
    [InlineData("a plain init container larger than the containers wins", "1", "i5", 5)]
    [InlineData("a sidecar adds to the containers", "1", "s2", 3)]
    [InlineData("an init container after a sidecar needs the sidecar too", "1", "s2,i4", 6)]
    [InlineData("an init container before a sidecar does not", "1", "i4,s2", 4)]
    [InlineData("sidecars add up with each other", "1", "s1,s1,i1", 3)]
    public void Cpu_of_a_pod(string name, string containers, string initContainers, decimal expected)
    {
        _ = name;
        var spec = new V1PodSpec
        {
            Containers = [.. containers.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((cpu, i) => Container($"c{i}", cpu, null))],
            InitContainers = [.. initContainers.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((init, i) => Container($"i{i}", init[1..], init[0] == 's' ? "Always" : null))],
        };

        Assert.Equal(expected, EffectivePodRequests.Of(spec)["cpu"]);
    }

    [Fact]
    public void A_container_with_only_limits_requests_its_limits()
    {
        var spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("2") } } }] };

        Assert.Equal(2m, EffectivePodRequests.Of(spec)["nvidia.com/gpu"]);
    }

    private static V1Container Container(string name, string cpu, string? restartPolicy) => new()
    {
        Name = name,
        RestartPolicy = restartPolicy,
        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } },
    };
}
