using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>Builds local checkpoint folders with known content, and the protocol objects over a store.</summary>
internal sealed class Checkpoints(ICheckpointStore store, string run = "run")
{
    public CheckpointLayout Layout { get; } = new("ns", run);

    public CheckpointWriter Writer(TimeProvider? time = null) =>
        new(store, Layout, time ?? TimeProvider.System, NullLogger.Instance) { RankPollInterval = TimeSpan.FromMilliseconds(50) };

    public CheckpointReader Reader() => new(store, Layout, NullLogger.Instance);

    public CheckpointRetention Retention() => new(store, Layout, NullLogger.Instance);

    /// <summary>Writes files (relative path → size) with content seeded by step and path; returns path → SHA-256.</summary>
    public static Dictionary<string, string> WriteFolder(string folder, long step, IReadOnlyDictionary<string, long> files)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, size) in files)
        {
            var seed = (ulong)((step * 7919) + path.Length) ^ (ulong)StringComparer.Ordinal.GetHashCode(path) ^ 0x9E3779B97F4A7C15;
            hashes[path] = TestData.WriteFile(Path.Combine(folder, path), size, seed);
        }

        return hashes;
    }

    /// <summary>Uploads one rank-0 folder and commits it (world size 1).</summary>
    public async Task<CheckpointManifest> CommitAsync(string folder, long step, int attempt = 1)
    {
        var id = new CheckpointRef(step, attempt);
        await Writer().UploadRankAsync(folder, id, 0, null, CancellationToken.None);
        return await Writer().CommitAsync(id, 1, null, TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    public static Dictionary<string, string> HashTree(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), TestData.HashFile, StringComparer.Ordinal);
}
