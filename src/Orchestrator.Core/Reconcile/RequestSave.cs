namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Ask the agent in a pod for a checkpoint, by writing the save-request annotation. The request id is
/// deterministic, so a repeated request is recognised as the same one by the agent.
/// </summary>
public sealed record RequestSave(string PodName, string RequestId, string Reason) : ReconcileAction;
