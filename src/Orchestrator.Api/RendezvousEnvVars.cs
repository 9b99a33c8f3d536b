namespace Orchestrator.Api;

/// <summary>
/// The rendezvous environment every worker container gets, the contract Kubeflow Trainer's PyTorch runtime and
/// torchrun use, so <c>torch.distributed.init_process_group()</c> and a flag-less <c>torchrun train.py</c> work as
/// they do there. A container that sets one of these itself keeps its own value. How they relate to
/// <see cref="EnvVars.Rank"/> and <see cref="EnvVars.WorldSize"/> (pods, not processes): docs/api.md.
/// </summary>
public static class RendezvousEnvVars
{
    /// <summary>Worker 0's stable DNS name, <c>&lt;job&gt;-0.&lt;service&gt;</c>.</summary>
    public const string MasterAddr = "MASTER_ADDR";

    public const string MasterPort = "MASTER_PORT";

    /// <summary>Processes in the whole gang: workers × processes per worker (what PyTorch means by world size).</summary>
    public const string WorldSize = "WORLD_SIZE";

    /// <summary>The global rank of this pod's first process: node rank × processes per worker (torchrun sets each child's own).</summary>
    public const string Rank = "RANK";

    /// <summary>The pod's index in the gang (the Job completion index), as ORCH_RANK.</summary>
    public const string NodeRank = "NODE_RANK";

    public const string TorchrunNodes = "PET_NNODES";

    public const string TorchrunNodeRank = "PET_NODE_RANK";

    public const string TorchrunMasterAddr = "PET_MASTER_ADDR";

    public const string TorchrunMasterPort = "PET_MASTER_PORT";

    public const string TorchrunProcessesPerNode = "PET_NPROC_PER_NODE";

    /// <summary>Every name above, in the order the controller adds them.</summary>
    public static readonly IReadOnlyList<string> All =
        [MasterAddr, MasterPort, WorldSize, Rank, NodeRank, TorchrunNodes, TorchrunNodeRank, TorchrunMasterAddr, TorchrunMasterPort, TorchrunProcessesPerNode];
}
