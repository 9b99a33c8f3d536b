using k8s.Models;
using Orchestrator.Sandbox.Admission;

namespace Orchestrator.Sandbox.Tests.World;

/// <summary>Builders for the Jobs and pods the world tests submit.</summary>
internal static class WorldObjects
{
    public const string SimulatedImage = "sandbox.local/simulated";

    /// <summary>
    /// An Indexed gang Job, created suspended as Kueue's webhook would leave it, each worker asking
    /// for GPUs; its backoff limit absorbs a worker lost with its node, as the controller's Jobs do.
    /// </summary>
    public static V1Job Gang(string name, string queue, int workers, int gpusPerWorker = 1, string duration = "inf") => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string> { [KueueApi.QueueNameLabel] = queue },
        },
        Spec = new V1JobSpec
        {
            Suspend = true,
            Parallelism = workers,
            Completions = workers,
            CompletionMode = "Indexed",
            BackoffLimit = 4,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    TerminationGracePeriodSeconds = 5,
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "trainer",
                            Image = SimulatedImage,
                            Args = [$"duration={duration}"],
                            Resources = new V1ResourceRequirements
                            {
                                Limits = new Dictionary<string, ResourceQuantity>
                                {
                                    ["nvidia.com/gpu"] = new(gpusPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                                    ["cpu"] = new("1"),
                                },
                            },
                        },
                    ],
                },
            },
        },
    };

    /// <summary>A bare pod bound to a node, running until stopped.</summary>
    public static V1Pod PodOn(string name, string node, long gracePeriodSeconds = 5) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec
        {
            NodeName = node,
            RestartPolicy = "Never",
            TerminationGracePeriodSeconds = gracePeriodSeconds,
            Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
            Containers = [new V1Container { Name = "main", Image = SimulatedImage, Args = ["duration=inf"] }],
        },
    };
}
