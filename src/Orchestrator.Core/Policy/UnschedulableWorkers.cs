namespace Orchestrator.Core.Policy;

/// <summary>
/// Workers of the live attempt that the scheduler could not place: admitted by Kueue on quota, yet no node fits them.
/// </summary>
/// <param name="Count">How many workers are Pending with <c>PodScheduled=False</c>, reason <c>Unschedulable</c>.</param>
/// <param name="Since">When the first of them became unschedulable (the condition's lastTransitionTime).</param>
/// <param name="Message">The scheduler's own words, e.g. <c>0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.</c></param>
public sealed record UnschedulableWorkers(int Count, DateTimeOffset Since, string Message);
