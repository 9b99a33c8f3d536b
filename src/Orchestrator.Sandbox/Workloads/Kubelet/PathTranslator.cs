namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// Rewrites container paths into host paths, because a process sees the host file system: a value
/// that is a volumeMount's mountPath or lies under it (<c>/data</c>, <c>/data/x</c>, not <c>/database</c>)
/// gets the volume's host folder instead, and so does the part after the first <c>=</c> of a
/// <c>--flag=/data/x</c> argument. The longest matching mountPath wins.
/// </summary>
internal sealed class PathTranslator(IEnumerable<KeyValuePair<string, string>> mounts)
{
    private readonly List<KeyValuePair<string, string>> _mounts =
        [.. mounts.Select(m => KeyValuePair.Create(Normalize(m.Key), m.Value)).OrderByDescending(m => m.Key.Length)];

    public IReadOnlyList<KeyValuePair<string, string>> Mounts => _mounts;

    public string Translate(string value)
    {
        if (TranslatePath(value) is { } path)
        {
            return path;
        }

        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (value.StartsWith('-') && equals > 0 && TranslatePath(value[(equals + 1)..]) is { } flagValue)
        {
            return value[..(equals + 1)] + flagValue;
        }

        return value;
    }

    /// <summary>The host path of a container path, or null when no mount covers it.</summary>
    public string? TranslatePath(string value)
    {
        foreach (var (mountPath, hostPath) in _mounts)
        {
            if (value == mountPath)
            {
                return hostPath;
            }

            if (mountPath == "/" && value.StartsWith('/'))
            {
                return Path.Join(hostPath, value[1..]);
            }

            if (value.StartsWith(mountPath, StringComparison.Ordinal) && value.Length > mountPath.Length && value[mountPath.Length] == '/')
            {
                return hostPath + value[mountPath.Length..];
            }
        }

        return null;
    }

    private static string Normalize(string mountPath) => mountPath.Length > 1 ? mountPath.TrimEnd('/') : mountPath;
}
