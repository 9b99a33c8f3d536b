using System.Text.Json.Nodes;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Sandbox;

/// <summary>The default sandbox: a spot and an on-demand GPU pool, and the Kueue objects of samples/kueue-setup.yaml.</summary>
public static class SandboxDefaults
{
    public const string SpotPool = "spot";
    public const string OnDemandPool = "on-demand";

    public static IReadOnlyList<NodePoolOptions> Pools(CloudProvider provider, NodeLabelScheme? scheme = null) =>
    [
        new NodePoolOptions
        {
            Name = SpotPool,
            CapacityType = CapacityType.Spot,
            Size = 4,
            GpusPerNode = 1,
            InstanceType = InstanceType(provider),
            // The Karpenter NodePool the sample describes taints its spot nodes; AKS and GKE do it themselves.
            Taints = provider == CloudProvider.Aws ? [SampleSpotTaint] : [],
            GkeSpotTaint = true,
            LabelScheme = scheme,
        },
        new NodePoolOptions
        {
            Name = OnDemandPool,
            CapacityType = CapacityType.OnDemand,
            Size = 4,
            GpusPerNode = 1,
            InstanceType = InstanceType(provider),
            LabelScheme = scheme,
        },
    ];

    /// <summary>
    /// The objects of samples/kueue-setup.yaml, with the flavors' labels and tolerations of the
    /// chosen provider: flavors spot and on-demand, ClusterQueues gpu-spot-first (spot, then
    /// borrowed on-demand) and gpu-on-demand in cohort gpu, LocalQueues spot and on-demand in default.
    /// </summary>
    public static IReadOnlyList<JsonObject> KueueObjects(CloudProvider provider, NodeLabelScheme? scheme = null)
    {
        var labels = scheme ?? ProviderConventions.DefaultScheme(provider);
        var spotLabel = ProviderConventions.CapacityLabels(labels, CapacityType.Spot).First();
        var spotTaint = provider switch
        {
            CloudProvider.Aws => SampleSpotTaint,
            CloudProvider.Gke => new V1Taint { Key = ProviderConventions.GkeSpot, Value = "true", Effect = "NoSchedule" },
            _ => new V1Taint { Key = ProviderConventions.AksScaleSetPriority, Value = "spot", Effect = "NoSchedule" },
        };
        var onDemandLabel = ProviderConventions.OnDemandLabel(labels);
        return
        [
            Flavor("spot", spotLabel, spotTaint),
            Flavor("on-demand", onDemandLabel, null),
            Queue("gpu-spot-first", ("spot", 512, "4Ti", 64), ("on-demand", 0, "0", 0)),
            Queue("gpu-on-demand", ("on-demand", 256, "2Ti", 32)),
            LocalQueue("spot", "gpu-spot-first"),
            LocalQueue("on-demand", "gpu-on-demand"),
        ];
    }

    private static V1Taint SampleSpotTaint => new() { Key = ProviderConventions.KarpenterCapacityType, Value = "spot", Effect = "NoSchedule" };

    private static string InstanceType(CloudProvider provider) => provider switch
    {
        CloudProvider.Gke => "n1-standard-8",
        CloudProvider.Aks => "Standard_NC6s_v3",
        _ => "p3.2xlarge",
    };

    private static JsonObject Flavor(string name, KeyValuePair<string, string> label, V1Taint? taint)
    {
        var spec = new JsonObject { ["nodeLabels"] = new JsonObject { [label.Key] = label.Value } };
        if (taint is not null)
        {
            spec["nodeTaints"] = new JsonArray(new JsonObject { ["key"] = taint.Key, ["value"] = taint.Value, ["effect"] = taint.Effect });
            spec["tolerations"] = new JsonArray(new JsonObject { ["key"] = taint.Key, ["operator"] = "Equal", ["value"] = taint.Value, ["effect"] = taint.Effect });
        }

        return Object("ResourceFlavor", name, null, spec);
    }

    private static JsonObject Queue(string name, params (string Flavor, int Cpu, string Memory, int Gpus)[] flavors)
    {
        var flavorList = new JsonArray();
        foreach (var (flavor, cpu, memory, gpus) in flavors)
        {
            flavorList.Add(new JsonObject
            {
                ["name"] = flavor,
                ["resources"] = new JsonArray(
                    new JsonObject { ["name"] = "cpu", ["nominalQuota"] = cpu },
                    new JsonObject { ["name"] = "memory", ["nominalQuota"] = memory },
                    new JsonObject { ["name"] = ProviderConventions.GpuResource, ["nominalQuota"] = gpus }),
            });
        }

        return Object("ClusterQueue", name, null, new JsonObject
        {
            ["namespaceSelector"] = new JsonObject(),
            ["cohortName"] = "gpu",
            ["queueingStrategy"] = "BestEffortFIFO",
            ["resourceGroups"] = new JsonArray(new JsonObject
            {
                ["coveredResources"] = new JsonArray("cpu", "memory", ProviderConventions.GpuResource),
                ["flavors"] = flavorList,
            }),
        });
    }

    private static JsonObject LocalQueue(string name, string clusterQueue) =>
        Object("LocalQueue", name, "default", new JsonObject { ["clusterQueue"] = clusterQueue });

    private static JsonObject Object(string kind, string name, string? ns, JsonObject spec)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject
        {
            ["apiVersion"] = Admission.KueueApi.ApiVersion,
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
    }
}
