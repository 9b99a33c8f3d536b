using System.Globalization;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Jobs;

/// <summary>Builds a Job's pod from its template the way the real Job controller does.</summary>
internal static class JobPodFactory
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static V1Pod Create(V1Job job, int? index, Random random)
    {
        // A deep copy: the template must never be shared with (and mutated through) a pod.
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(job.Spec.Template));
        var jobName = job.Metadata.Name;
        var uid = job.Metadata.Uid;
        var suffix = new string([.. Enumerable.Range(0, 5).Select(_ => NameAlphabet[random.Next(NameAlphabet.Length)])]);
        var indexText = index?.ToString(CultureInfo.InvariantCulture);

        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [JobLabels.JobName] = jobName,
            [JobLabels.LegacyJobName] = jobName,
            [JobLabels.ControllerUid] = uid,
            [JobLabels.LegacyControllerUid] = uid,
        };
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (indexText is not null)
        {
            labels[JobLabels.CompletionIndex] = indexText;
            annotations[JobLabels.CompletionIndex] = indexText;
        }

        var spec = template.Spec;
        if (indexText is not null)
        {
            foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
            {
                container.Env ??= [];
                if (container.Env.Any(e => e.Name == JobLabels.CompletionIndexEnv))
                {
                    continue;
                }

                container.Env.Add(new V1EnvVar
                {
                    Name = JobLabels.CompletionIndexEnv,
                    ValueFrom = new V1EnvVarSource
                    {
                        FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{JobLabels.CompletionIndex}']" },
                    },
                });
            }

            spec.Hostname ??= $"{jobName}-{indexText}";
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = indexText is null ? $"{jobName}-{suffix}" : $"{jobName}-{indexText}-{suffix}",
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                Finalizers = [JobLabels.TrackingFinalizer],
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "batch/v1",
                        Kind = "Job",
                        Name = jobName,
                        Uid = uid,
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = spec,
        };
    }

    public static string? ControllerUidOf(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Job")?.Uid;

    public static string? ControllerNameOf(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Job")?.Name;

    public static int? IndexOf(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(JobLabels.CompletionIndex, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
}
