namespace Orchestrator.Kubernetes.Caching;

/// <summary>The query parameters of a list or watch call, handed to a <see cref="KubernetesListWatchSource{T, TList}"/>'s call.</summary>
/// <param name="Continue">Continue token of the next page (lists only).</param>
/// <param name="Limit">Page size (lists only).</param>
/// <param name="ResourceVersion">Version to watch from (watches only).</param>
/// <param name="Watch">True for a watch stream.</param>
/// <param name="TimeoutSeconds">How long the server keeps a watch open.</param>
public sealed record ListRequest(string? Continue, int? Limit, string? ResourceVersion, bool Watch, int? TimeoutSeconds)
{
    /// <summary>Watches ask for BOOKMARK events so a quiet resource still advances the version to resume from.</summary>
    public bool? AllowWatchBookmarks => Watch ? true : null;
}
