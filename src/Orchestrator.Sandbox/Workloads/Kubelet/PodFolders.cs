using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>The host folders of one pod: <c>&lt;root&gt;/&lt;ns&gt;_&lt;name&gt;_&lt;uid&gt;/{volumes,logs,rootfs,work}</c>.</summary>
internal sealed record PodFolders(string Root)
{
    public static PodFolders For(string podsRoot, V1Pod pod) =>
        new(Path.Combine(podsRoot, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{pod.Metadata.Uid}"));

    public string Volumes => Path.Combine(Root, "volumes");

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>Where a working directory that no volume covers is created (the missing image file system).</summary>
    public string RootFs => Path.Combine(Root, "rootfs");

    /// <summary>The working directory of containers that name none.</summary>
    public string DefaultWorkingDirectory => Path.Combine(Root, "work");

    /// <summary>
    /// The log of one run of a container, as the kubelet keeps them (<c>/var/log/pods/.../&lt;container&gt;/&lt;restartCount&gt;.log</c>),
    /// so <c>previous</c> reads the run before the current one.
    /// </summary>
    public string LogOf(string container, int restartCount) =>
        Path.Combine(Logs, container, restartCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".log");

    /// <summary>The host file standing for one run's terminationMessagePath (the kubelet's <c>pods/&lt;uid&gt;/containers/&lt;name&gt;/...</c>).</summary>
    public string TerminationMessageOf(string container, int restartCount) =>
        Path.Combine(Root, "containers", container, restartCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".termination-log");

    /// <summary>The logs of a container's runs, oldest first.</summary>
    public IReadOnlyList<string> LogsOf(string container)
    {
        var folder = Path.Combine(Logs, container);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*.log")
            .Select(f => (File: f, Run: int.TryParse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1))
            .Where(f => f.Run >= 0)
            .OrderBy(f => f.Run)
            .Select(f => f.File)];
    }

    public static string ClaimFolder(string podsRoot, string ns, string claim) => Path.Combine(podsRoot, "claims", ns, claim);
}
