using System.Globalization;
using k8s;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Cli.Kube;

/// <summary>The pods of one attempt of a run, by rank (the Indexed Job's completion index), newest pod of a rank first.</summary>
public static class AttemptPods
{
    private const string CompletionIndex = "batch.kubernetes.io/job-completion-index";

    public static async Task<IReadOnlyList<RankPod>> ListAsync(IKubernetes client, string ns, string run, int attempt, CancellationToken ct)
    {
        var selector = string.Create(CultureInfo.InvariantCulture, $"{Labels.Run}={run},{Labels.Attempt}={attempt}");
        var pods = await ApiErrors.Call(client.BaseUri, $"pods of trainingrun \"{run}\" attempt {attempt}", () =>
            client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct), $" in namespace \"{ns}\"");
        return [.. pods.Items
            .Select(p => new RankPod(attempt, RankOf(p), p))
            .OrderBy(p => p.Rank)
            .ThenByDescending(p => p.Pod.Metadata.CreationTimestamp)];
    }

    private static int RankOf(V1Pod pod)
    {
        var text = pod.Metadata.Labels?.TryGetValue(CompletionIndex, out var l) == true ? l
            : pod.Metadata.Annotations?.TryGetValue(CompletionIndex, out var a) == true ? a
            : null;
        return int.TryParse(text, CultureInfo.InvariantCulture, out var rank) ? rank : 0;
    }
}

/// <summary>One worker pod: its attempt, its rank and the pod.</summary>
public sealed record RankPod(int Attempt, int Rank, V1Pod Pod)
{
    public string Name => Pod.Metadata.Name;

    /// <summary>The trainer: the first container of the pod (the run's template puts it first), unless one is asked for.</summary>
    public string Container(string? asked) => asked ?? Pod.Spec.Containers[0].Name;

    /// <summary>kubectl's <c>--prefix</c> idea, naming what a user of a run thinks in: <c>[attempt 2 rank 0]</c>.</summary>
    public string Prefix => string.Create(CultureInfo.InvariantCulture, $"[attempt {Attempt} rank {Rank}]");
}
