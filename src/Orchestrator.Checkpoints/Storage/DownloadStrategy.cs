namespace Orchestrator.Checkpoints.Storage;

internal enum DownloadStrategy
{
    /// <summary>One GET streamed to the destination through two buffers (network read overlaps the write); a retry resumes at the first byte not yet written.</summary>
    SingleStream,

    /// <summary>Up to Parallelism ranged GETs in flight, written in order.</summary>
    ParallelRanges,
}
