using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// The run's headless Service. With each attempt pod's <c>subdomain</c> set to its name, worker <i>i</i> of attempt
/// <i>n</i> gets the DNS name <c>&lt;run&gt;-&lt;n&gt;-&lt;i&gt;.&lt;run&gt;</c> (the Job controller sets the hostname
/// <c>&lt;job&gt;-&lt;index&gt;</c>), as JobSet and Kubeflow Trainer do. One Service per run, not per attempt: the
/// hostnames already carry the attempt, so an old attempt's terminating pods never answer for the new one.
/// Owned by the run, so it goes with it; it has no pods of its own, so Kueue never sees it.
/// </summary>
public static class RendezvousService
{
    public static V1Service Build(TrainingRun run, TrainingRunSpec spec)
    {
        var port = spec.Distributed?.MasterPort ?? Defaults.MasterPort;
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = AttemptNames.Service(run.Metadata.Name),
                NamespaceProperty = run.Metadata.NamespaceProperty ?? "default",
                Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [Labels.Run] = run.Metadata.Name },
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.Kind, Name = run.Metadata.Name, Uid = run.Metadata.Uid, BlockOwnerDeletion = true, Controller = true },
                ],
            },
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = new Dictionary<string, string>(StringComparer.Ordinal) { [Labels.Run] = run.Metadata.Name },

                // Workers rendezvous before they are Ready (there is no readiness probe that could say "rendezvous
                // done"), so their names must resolve from the moment they have an IP.
                PublishNotReadyAddresses = true,
                Ports = [new V1ServicePort { Name = "rendezvous", Port = port, TargetPort = port, Protocol = "TCP" }],
            },
        };
    }
}
