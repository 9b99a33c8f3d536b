namespace Orchestrator.Core.Preemption;

/// <summary>One row of the notice table: what to look for and how long the pods then have.</summary>
/// <remarks>Window: from the signal to the capacity going away, as the pods get it; null for a pod condition means
/// "the window of the node's own signal if one is seen, else <see cref="NoticeSignalTable.DefaultPodConditionWindow"/>".</remarks>
public sealed record NoticeSignal(NoticeSignalKind Kind, string Key, string Provider, TimeSpan? Window);
