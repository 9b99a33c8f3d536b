using k8s.Models;

namespace Orchestrator.Core.Reconcile;

/// <summary>Create the run's headless rendezvous Service (named after the run); AlreadyExists means an earlier attempt made it.</summary>
public sealed record CreateService(V1Service Service) : ReconcileAction;
