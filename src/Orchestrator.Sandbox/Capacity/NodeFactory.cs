using System.Globalization;
using k8s.Models;

namespace Orchestrator.Sandbox.Capacity;

/// <summary>Builds the Node object a pool's new machine registers with.</summary>
public static class NodeFactory
{
    public static V1Node Build(CloudProvider provider, NodePoolOptions pool, string nodeName, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = nodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["node.kubernetes.io/instance-type"] = pool.InstanceType,
            ["topology.kubernetes.io/zone"] = pool.Zone,
            [ProviderConventions.SandboxPoolLabel] = pool.Name,
        };
        var providerPool = ProviderConventions.PoolLabel(provider, pool.Name);
        labels[providerPool.Key] = providerPool.Value;
        foreach (var (key, value) in ProviderConventions.CapacityLabels(pool.LabelScheme ?? ProviderConventions.DefaultScheme(provider), pool.CapacityType))
        {
            labels[key] = value;
        }

        foreach (var (key, value) in pool.Labels)
        {
            labels[key] = value;
        }

        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(pool.CpuPerNode),
            ["memory"] = new(pool.MemoryPerNode),
            ["pods"] = new(pool.MaxPods.ToString(CultureInfo.InvariantCulture)),
        };
        if (pool.GpusPerNode > 0)
        {
            resources[ProviderConventions.GpuResource] = new(pool.GpusPerNode.ToString(CultureInfo.InvariantCulture));
        }

        var taints = ProviderConventions.SpotTaints(provider, pool.CapacityType, pool.GkeSpotTaint).Concat(pool.Taints).ToList();
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = nodeName, Labels = labels },
            Spec = new V1NodeSpec { Taints = taints.Count == 0 ? null : taints },
            Status = new V1NodeStatus
            {
                Capacity = resources,
                Allocatable = new Dictionary<string, ResourceQuantity>(resources),
                Conditions =
                [
                    new V1NodeCondition
                    {
                        Type = "Ready",
                        Status = "True",
                        Reason = "KubeletReady",
                        Message = "sandbox kubelet is posting ready status",
                        LastHeartbeatTime = now.UtcDateTime,
                        LastTransitionTime = now.UtcDateTime,
                    },
                ],
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "127.0.0.1" }, new V1NodeAddress { Type = "Hostname", Address = nodeName }],
            },
        };
    }
}
