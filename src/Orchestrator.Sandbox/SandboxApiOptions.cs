namespace Orchestrator.Sandbox;

/// <summary>Settings of an emulated API server.</summary>
public sealed record SandboxApiOptions
{
    /// <summary>A folder whose <c>*.yaml</c> CustomResourceDefinitions are served at start; null for none.</summary>
    public string? CrdDirectory { get; init; }

    /// <summary>Extra CustomResourceDefinition documents (YAML or JSON) served at start.</summary>
    public IReadOnlyList<string> CrdDocuments { get; init; } = [];

    /// <summary>How many change events are kept for watches that resume from a resourceVersion; older ones get 410 Gone.</summary>
    public int WatchHistory { get; init; } = 10_000;

    /// <summary>The clock for timestamps, bookmarks, watch timeouts and injected latency.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Randomness for generated names, uids and fault injection.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>How often a watch that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true (as in Kubernetes) deleting a pod bound to a node only marks it terminating; the kubelet
    /// removes it with a zero grace period. When false, pods are removed at once.
    /// </summary>
    public bool GracefulPodDeletion { get; init; } = true;

    /// <summary>
    /// AlwaysAllow (the default, for quick starts): every request is the admin. Rbac: tokens are authenticated and
    /// requests checked against the RBAC objects applied to the sandbox, as on a real cluster.
    /// </summary>
    public AuthorizationMode Authorization { get; init; } = AuthorizationMode.AlwaysAllow;

    /// <summary>The version reported by <c>/version</c>; kubectl's dispatcher picks its binary from it.</summary>
    public string KubernetesVersion { get; init; } = "v1.31.0";
}
