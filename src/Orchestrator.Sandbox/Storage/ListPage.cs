namespace Orchestrator.Sandbox.Storage;

/// <summary>One page of a list; <see cref="NextKey"/> is where the next page starts after, null on the last.</summary>
/// <summary><see cref="RemainingCount"/> is an estimate, and absent for selected lists, as in Kubernetes.</summary>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? NextKey, long? RemainingCount);
