using System.Globalization;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// The rendezvous half of an attempt's pod template: the <c>subdomain</c> that gives every worker a DNS name under
/// the run's headless Service, and the PyTorch / torchrun variables (<see cref="RendezvousEnvVars"/>) in every
/// worker container, the contract of Kubeflow Trainer's PyTorch runtime. A variable the container already sets
/// is left alone: the user's value wins.
/// </summary>
public static class RendezvousEnvironment
{
    private const string CompletionIndex = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    /// <summary>Sets the subdomain and adds the variables to each of <paramref name="pod"/>'s containers (not the agent's).</summary>
    public static void Apply(V1PodSpec pod, TrainingRun run, TrainingRunSpec spec, int attempt)
    {
        pod.Subdomain = AttemptNames.Service(run.Metadata.Name);
        var variables = For(run.Metadata.Name, spec, attempt);
        foreach (var container in pod.Containers ?? [])
        {
            var own = (container.Env ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            container.Env = [.. container.Env ?? [], .. variables.Where(v => !own.Contains(v.Name))];
        }
    }

    /// <summary>The variables, in order. The PET_ ones refer to the plain ones, so overriding MASTER_PORT alone moves both.</summary>
    public static IReadOnlyList<V1EnvVar> For(string run, TrainingRunSpec spec, int attempt)
    {
        var workers = spec.Workers;
        var perWorker = spec.Distributed?.ProcessesPerWorker ?? Defaults.ProcessesPerWorker;
        var port = spec.Distributed?.MasterPort ?? Defaults.MasterPort;
        var list = new List<V1EnvVar>
        {
            Value(RendezvousEnvVars.MasterAddr, MasterAddress(run, attempt)),
            Value(RendezvousEnvVars.MasterPort, Text(port)),
            Value(RendezvousEnvVars.WorldSize, Text((long)workers * perWorker)),
            new() { Name = RendezvousEnvVars.NodeRank, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = CompletionIndex } } },
        };

        // With one process per pod the pod's index is that process's global rank. With more, no pod-wide value is
        // right for every process: torchrun gives each child its own RANK, and a launcher of its own computes
        // NODE_RANK × PET_NPROC_PER_NODE + local rank.
        if (perWorker == 1)
        {
            list.Add(Value(RendezvousEnvVars.Rank, Ref(RendezvousEnvVars.NodeRank)));
        }

        list.Add(Value(RendezvousEnvVars.TorchrunNodes, Text(workers)));
        list.Add(Value(RendezvousEnvVars.TorchrunNodeRank, Ref(RendezvousEnvVars.NodeRank)));
        list.Add(Value(RendezvousEnvVars.TorchrunMasterAddr, Ref(RendezvousEnvVars.MasterAddr)));
        list.Add(Value(RendezvousEnvVars.TorchrunMasterPort, Ref(RendezvousEnvVars.MasterPort)));
        list.Add(Value(RendezvousEnvVars.TorchrunProcessesPerNode, Text(perWorker)));
        return list;
    }

    /// <summary>Worker 0's name: its hostname (<c>&lt;job&gt;-0</c>) under the run's Service, resolved through the pod's DNS search path.</summary>
    public static string MasterAddress(string run, int attempt) => $"{AttemptNames.Job(run, attempt)}-0.{AttemptNames.Service(run)}";

    private static V1EnvVar Value(string name, string value) => new() { Name = name, Value = value };

    private static string Ref(string name) => $"$({name})";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
