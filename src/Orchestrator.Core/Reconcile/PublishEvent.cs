namespace Orchestrator.Core.Reconcile;

/// <summary>A Kubernetes Event on the run, for every transition a user should see in <c>describe</c>.</summary>
public sealed record PublishEvent(bool Warning, string Reason, string Message) : ReconcileAction;
