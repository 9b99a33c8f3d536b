namespace Orchestrator.Kubernetes.Caching;

/// <summary>One page of a paginated list.</summary>
/// <param name="Items">The objects on this page.</param>
/// <param name="ResourceVersion">The list's resourceVersion: a watch started from it misses nothing.</param>
/// <param name="Continue">The token for the next page, or null on the last page.</param>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
