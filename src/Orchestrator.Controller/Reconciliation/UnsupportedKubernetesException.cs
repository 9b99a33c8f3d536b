namespace Orchestrator.Controller.Reconciliation;

/// <summary>The API server is older than the controller supports; the message says which version and why.</summary>
public sealed class UnsupportedKubernetesException(string message) : Exception(message);
