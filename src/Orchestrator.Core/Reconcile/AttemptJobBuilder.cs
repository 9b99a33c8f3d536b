using System.Globalization;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Builds the batch/v1 Job of one attempt: Indexed, parallelism = completions = workers, created suspended for
/// Kueue, with the queue label of the chosen capacity, the restore init container, the agent as a native
/// sidecar, the checkpoint volume and environment, and a podFailurePolicy under which disruptions do not count.
/// </summary>
public static class AttemptJobBuilder
{
    /// <summary>The Job of <paramref name="attempt"/>; on-demand attempts are pinned with <paramref name="onDemandNodeSelector"/> (<see cref="OnDemandPinning.Selector"/>), or the settings' override when null.</summary>
    public static V1Job Build(TrainingRun run, TrainingRunSpec spec, int attempt, CapacityType capacity, string checkpointInterval, ReconcileSettings settings,
        IReadOnlyDictionary<string, string>? onDemandNodeSelector = null)
    {
        var name = AttemptNames.Job(run.Metadata.Name, attempt);
        var ns = run.Metadata.NamespaceProperty ?? "default";
        var queue = capacity == CapacityType.Spot ? spec.Queues.Spot : spec.Queues.OnDemand;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Labels.Run] = run.Metadata.Name,
            [Labels.Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
            [Labels.Capacity] = capacity.ToString(),
        };
        if (run.Metadata.Labels?.TryGetValue(Labels.Team, out var team) == true)
        {
            labels[Labels.Team] = team;
        }

        var template = Clone(spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = Merge(template.Metadata.Labels, labels);
        template.Metadata.Annotations = Merge(template.Metadata.Annotations, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Annotations.CheckpointInterval] = checkpointInterval,
        });
        var pod = template.Spec ??= new V1PodSpec();
        pod.RestartPolicy = "Never";

        // The agent watches and annotates its own pod as this ServiceAccount; the controller grants it exactly that
        // (AgentPermissions). A template's own ServiceAccount (IRSA, workload identity) is kept and bound instead.
        pod.ServiceAccountName = string.IsNullOrEmpty(pod.ServiceAccountName) ? AgentIdentity.ServiceAccount : pod.ServiceAccountName;
        if (capacity == CapacityType.OnDemand && (onDemandNodeSelector ?? settings.OnDemandNodeSelector) is { Count: > 0 } pin)
        {
            pod.NodeSelector = Merge(pod.NodeSelector, pin);
        }

        var localPath = spec.Checkpoint.LocalPath ?? Defaults.LocalPath;
        pod.Volumes = [.. (pod.Volumes ?? []).Where(v => v.Name != AttemptNames.CheckpointVolume), new V1Volume { Name = AttemptNames.CheckpointVolume, EmptyDir = new V1EmptyDirVolumeSource() }];
        var env = Environment(run, spec, attempt);
        foreach (var container in pod.Containers ?? [])
        {
            container.Env = [.. (container.Env ?? []).Where(e => !env.Any(o => o.Name == e.Name)), .. env];
            container.VolumeMounts = [.. (container.VolumeMounts ?? []).Where(m => m.Name != AttemptNames.CheckpointVolume), Mount(localPath)];
        }

        RendezvousEnvironment.Apply(pod, run, spec, attempt);
        var (graceSeconds, agentGraceSeconds) = PodGracePeriod.Decide(pod.TerminationGracePeriodSeconds, settings.PodTerminationGrace, run.Status?.RecentSaveSeconds?.ToList());
        pod.TerminationGracePeriodSeconds = graceSeconds;
        var agentEnv = env.Concat(StorageEnvironment(spec))
            .Append(new V1EnvVar { Name = EnvVars.AgentGraceSeconds, Value = agentGraceSeconds.ToString(CultureInfo.InvariantCulture) })
            .Append(new V1EnvVar { Name = EnvVars.TerminationMessagePath, Value = AgentTerminationMessagePath })
            .ToList();
        var credentials = spec.Checkpoint.Storage.CredentialsSecret is { Name: { Length: > 0 } secret }
            ? new List<V1EnvFromSource> { new() { SecretRef = new V1SecretEnvSource { Name = secret } } }
            : null;
        pod.InitContainers =
        [
            .. (pod.InitContainers ?? []).Where(c => c.Name is not (AttemptNames.RestoreContainer or AttemptNames.AgentContainer)),
            AgentContainer(AttemptNames.RestoreContainer, "restore", settings, agentEnv, credentials, localPath, sidecar: false),
            AgentContainer(AttemptNames.AgentContainer, "sidecar", settings, agentEnv, credentials, localPath, sidecar: true),
        ];

        var workers = spec.Workers;
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) { [Labels.KueueQueueName] = queue },
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.Kind, Name = run.Metadata.Name, Uid = run.Metadata.Uid, BlockOwnerDeletion = true, Controller = true },
                ],
            },
            Spec = new V1JobSpec
            {
                // Kueue admits a Job by unsuspending it; creating it suspended avoids a race with its webhook.
                Suspend = true,
                CompletionMode = "Indexed",
                Completions = workers,
                Parallelism = workers,

                // A gang restarts as a whole: the controller ends the attempt on any worker failure and starts the
                // next one, so the Job itself must not retry pods.
                BackoffLimit = 0,
                PodFailurePolicy = new V1PodFailurePolicy
                {
                    Rules =
                    [
                        new V1PodFailurePolicyRule
                        {
                            // A disrupted worker ends the whole Job instead of being replaced alone: a gang cannot
                            // take back one new worker mid-run (its peers are at other steps), and while no controller
                            // runs the Job controller would otherwise quietly replace it. FailJob is not counted
                            // against backoffLimit, and the controller classifies the end as Preempted.
                            Action = "FailJob",
                            OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }],
                        },
                    ],
                },
                Template = template,
            },
        };
    }

    private static List<V1EnvVar> Environment(TrainingRun run, TrainingRunSpec spec, int attempt) =>
    [
        new() { Name = EnvVars.Run, Value = run.Metadata.Name },
        new() { Name = EnvVars.Namespace, Value = run.Metadata.NamespaceProperty ?? "default" },
        new() { Name = EnvVars.Attempt, Value = attempt.ToString(CultureInfo.InvariantCulture) },
        new() { Name = EnvVars.Rank, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
        new() { Name = EnvVars.WorldSize, Value = spec.Workers.ToString(CultureInfo.InvariantCulture) },
        new() { Name = EnvVars.CheckpointDir, Value = spec.Checkpoint.LocalPath ?? Defaults.LocalPath },
        new() { Name = EnvVars.CheckpointUri, Value = spec.Checkpoint.Storage.Uri },
        new() { Name = EnvVars.PodName, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
    ];

    private static IEnumerable<V1EnvVar> StorageEnvironment(TrainingRunSpec spec)
    {
        yield return new() { Name = EnvVars.CheckpointKeep, Value = (spec.Checkpoint.Keep ?? Defaults.Keep).ToString(CultureInfo.InvariantCulture) };
        if (spec.Checkpoint.Storage.S3 is not { } s3)
        {
            yield break;
        }

        if (s3.Endpoint is { } endpoint)
        {
            yield return new() { Name = EnvVars.S3Endpoint, Value = endpoint };
        }

        if (s3.Region is { } region)
        {
            yield return new() { Name = EnvVars.S3Region, Value = region };
        }

        if (s3.ForcePathStyle is { } pathStyle)
        {
            yield return new() { Name = EnvVars.S3ForcePathStyle, Value = pathStyle ? "true" : "false" };
        }

        if (s3.ChecksumMode is { } checksum)
        {
            yield return new() { Name = EnvVars.S3ChecksumMode, Value = checksum.ToString() };
        }

        if (s3.ChunkEncoding is { } chunked)
        {
            yield return new() { Name = EnvVars.S3ChunkEncoding, Value = chunked ? "true" : "false" };
        }
    }

    /// <summary>Set explicitly on the agent containers so the agent and the kubelet agree on the file (AgentTerminationMessage).</summary>
    private const string AgentTerminationMessagePath = "/dev/termination-log";

    private static V1Container AgentContainer(string name, string verb, ReconcileSettings settings, List<V1EnvVar> env, List<V1EnvFromSource>? envFrom, string localPath, bool sidecar) => new()
    {
        Name = name,
        Image = settings.AgentImage,
        Command = [.. settings.AgentCommand, verb],
        Env = env,
        EnvFrom = envFrom,
        VolumeMounts = [Mount(localPath)],
        TerminationMessagePath = AgentTerminationMessagePath,

        // restartPolicy Always on an init container makes it a native sidecar (Kubernetes 1.29+): it starts before
        // the trainer, keeps running beside it, and is stopped after it, so the last checkpoint still uploads.
        RestartPolicy = sidecar ? "Always" : null,
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
        },
    };

    private static V1VolumeMount Mount(string localPath) => new() { MountPath = localPath, Name = AttemptNames.CheckpointVolume };

    private static Dictionary<string, string> Merge(IDictionary<string, string>? existing, IReadOnlyDictionary<string, string> added)
    {
        var merged = existing is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static V1PodTemplateSpec Clone(V1PodTemplateSpec template) =>
        k8s.KubernetesJson.Deserialize<V1PodTemplateSpec>(k8s.KubernetesJson.Serialize(template));
}
