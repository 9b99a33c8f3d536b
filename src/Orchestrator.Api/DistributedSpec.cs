using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>
/// How the gang's workers find each other: the rendezvous port and the processes each worker runs. The controller
/// turns these into the PyTorch / torchrun environment (<see cref="RendezvousEnvVars"/>).
/// </summary>
public sealed class DistributedSpec
{
    /// <summary>The port worker 0 listens on for the rendezvous (MASTER_PORT, PET_MASTER_PORT). Default 29500.</summary>
    [JsonPropertyName("masterPort")]
    [Minimum(1)]
    [Default(Defaults.MasterPort)]
    [CelRule("self <= 65535", "must be at most 65535")]
    public int? MasterPort { get; set; }

    /// <summary>Training processes per worker pod, usually its GPU count (torchrun's nproc-per-node, PET_NPROC_PER_NODE). Default 1.</summary>
    [JsonPropertyName("processesPerWorker")]
    [Minimum(1)]
    [Default(Defaults.ProcessesPerWorker)]
    public int? ProcessesPerWorker { get; set; }
}
