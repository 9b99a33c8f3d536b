using k8s;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>
/// Which kueue.x-k8s.io version the controller reads, from the cluster's discovery: Kueue 0.15 and later serve v1beta2
/// beside v1beta1 (and prefer v1beta2), older releases only v1beta1. The Workload fields the controller reads
/// (queueName, admission, conditions) are the same in both. Asked once, and again after <see cref="Forget"/> (a list
/// that got 404, as when Kueue was upgraded or removed meanwhile).
/// </summary>
public sealed class KueueVersions(IKubernetes client)
{
    private volatile string? _version;

    /// <summary>The versions the controller can read, best first.</summary>
    public static IReadOnlyList<string> Readable { get; } = [KueueApi.Version, "v1beta1"];

    /// <summary>The cluster's preferred version when the controller reads it, else the best readable one it serves.</summary>
    public static string? Choose(string? preferred, IEnumerable<string> served)
    {
        if (preferred is not null && Readable.Contains(preferred))
        {
            return preferred;
        }

        var offered = served.ToHashSet(StringComparer.Ordinal);
        return Readable.FirstOrDefault(offered.Contains);
    }

    public async Task<string> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known)
        {
            return known;
        }

        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken);
        var kueue = groups.Groups?.FirstOrDefault(g => g.Name == KueueApi.Group)
            ?? throw new InvalidOperationException($"the API server serves no {KueueApi.Group} API: install Kueue first (docs/install.md)");
        return _version = Choose(kueue.PreferredVersion?.Version, (kueue.Versions ?? []).Select(v => v.Version))
            ?? throw new InvalidOperationException(
                $"the API server serves {KueueApi.Group} in {string.Join(", ", (kueue.Versions ?? []).Select(v => v.Version))}, none of which this controller reads ({string.Join(", ", Readable)})");
    }

    public void Forget() => _version = null;
}
