namespace Orchestrator.Core.Preemption;

/// <summary>One row of the notice table: what to look for and how long the pods then have.</summary>
/// <remarks>Window: from the signal to the capacity going away, as the pods get it; null for a pod condition means
/// "the window of the node's own signal if one is seen, else <see cref="NoticeSignalTable.DefaultPodConditionWindow"/>".
/// EndsAttempt: false for a signal that only announces a disruption that may be called off (Karpenter's
/// <c>karpenter.sh/disrupted</c> taint on a consolidation candidate): it asks for a save, and the attempt ends only on
/// an eviction, its pods going or its node going, not when the save commits or the window closes.</remarks>
public sealed record NoticeSignal(NoticeSignalKind Kind, string Key, string Provider, TimeSpan? Window, bool EndsAttempt = true);
