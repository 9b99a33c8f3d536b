using k8s;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>One event of a watch stream: Added, Modified, Deleted or Bookmark (errors surface as exceptions).</summary>
public readonly record struct ResourceEvent<T>(WatchEventType Type, T Item);
