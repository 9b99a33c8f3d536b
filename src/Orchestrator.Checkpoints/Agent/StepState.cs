namespace Orchestrator.Checkpoints.Agent;

/// <summary>What the sidecar knows about one local step folder.</summary>
internal sealed class StepState
{
    /// <summary>Uploaded and committed, skipped for a newer one, restored, or given up on: never looked at again.</summary>
    public bool Done { get; set; }

    /// <summary>This rank's files and rank manifest are up; only the commit (rank 0) is left.</summary>
    public bool RankUploaded { get; set; }

    public int Failures { get; set; }
}
