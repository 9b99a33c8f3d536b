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

    public string LogOf(string container) => Path.Combine(Logs, container + ".log");

    public static string ClaimFolder(string podsRoot, string ns, string claim) => Path.Combine(podsRoot, "claims", ns, claim);
}
